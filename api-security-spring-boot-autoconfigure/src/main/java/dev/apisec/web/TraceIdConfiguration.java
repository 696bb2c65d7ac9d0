package dev.apisec.web;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trace id resolver: from Micrometer Tracing's current span when it is on the
 * classpath (and a tracer is configured), else generated per request. Imported in this
 * order.
 */
final class TraceIdConfiguration {

	private TraceIdConfiguration() {
	}

	// Micrometer Tracing is optional: only this configuration and MicrometerTraceId name
	// its types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class MicrometerTracing {

		@Bean
		@ConditionalOnMissingBean
		TraceIdResolver apisecTraceIdResolver(ObjectProvider<Tracer> tracer) {
			// A no-op span's id is empty, which the resolver replaces.
			return new TraceIdResolver(new MicrometerTraceId(tracer));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Generated {

		@Bean
		@ConditionalOnMissingBean
		TraceIdResolver apisecTraceIdResolver() {
			return new TraceIdResolver();
		}

	}

}
