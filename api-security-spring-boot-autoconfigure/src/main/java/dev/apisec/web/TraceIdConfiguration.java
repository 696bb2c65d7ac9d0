package dev.apisec.web;

import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
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

	// Micrometer Tracing is optional: nothing outside this class may name its types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class MicrometerTracing {

		@Bean
		@ConditionalOnMissingBean
		TraceIdResolver apisecTraceIdResolver(ObjectProvider<Tracer> tracer) {
			// Sampled or not, the trace's id is the one in the logs' MDC and in the
			// propagated
			// traceparent; a no-op span's id is empty, which the resolver replaces.
			return new TraceIdResolver(new CurrentTraceId(tracer));
		}

		/**
		 * The current span's trace id. The tracer is looked up once, on first use (not
		 * per request, and not at startup, where it may not be created yet).
		 */
		static final class CurrentTraceId implements Supplier<String> {

			private final ObjectProvider<Tracer> provider;

			private volatile Optional<Tracer> tracer;

			CurrentTraceId(ObjectProvider<Tracer> provider) {
				this.provider = provider;
			}

			@Override
			public String get() {
				Optional<Tracer> current = this.tracer;
				if (current == null) {
					current = Optional.ofNullable(this.provider.getIfUnique());
					this.tracer = current;
				}
				Span span = current.map(Tracer::currentSpan).orElse(null);
				return (span != null) ? span.context().traceId() : null;
			}

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
