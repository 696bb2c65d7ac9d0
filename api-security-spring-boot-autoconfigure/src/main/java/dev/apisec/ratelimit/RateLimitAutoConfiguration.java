package dev.apisec.ratelimit;

import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ApiSecFilterRegistration;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.support.ConditionalOnApiSecFeature;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.NetworkAutoConfiguration;
import dev.apisec.web.ProblemResponseWriter;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Auto-configuration of rate limiting from {@code apisec.rate-limit.*}: the policies, the
 * backend (memory or Redis) and the filter, registered right after Spring Security's
 * filter chain ({@link ApiSecFilterOrder#RATE_LIMIT}) so that it sees the authenticated
 * caller and runs before the controller.
 */
@AutoConfiguration(after = NetworkAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Bucket.class, Caffeine.class, PathPatternRequestMatcher.class })
@ConditionalOnApiSecFeature(name = "rate limiting", prefix = "apisec.rate-limit", list = "policies",
		element = RateLimitProperties.Policy.class)
@EnableConfigurationProperties(RateLimitProperties.class)
@Import({ RateLimitAutoConfiguration.MemoryBackendConfiguration.class, RedisRateLimitConfiguration.class,
		RateLimitAutoConfiguration.MicrometerMetricsConfiguration.class,
		RateLimitAutoConfiguration.HealthConfiguration.class })
public class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitPolicies apisecRateLimitPolicies(RateLimitProperties properties) {
		return RateLimitPolicies.from(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitFilter apisecRateLimitFilter(RateLimitProperties properties, RateLimitPolicies policies,
			RateLimitBackend backend, ObjectProvider<ClientAddressResolver> clientAddressResolver,
			ObjectProvider<ProblemResponseWriter> problemResponseWriter, ObjectProvider<RateLimitMetrics> metrics,
			ObjectProvider<SecurityEvents> events, ObjectProvider<ObservationRegistry> observationRegistry) {
		RateLimitMetrics rateLimitMetrics = metrics.getIfAvailable(() -> RateLimitMetrics.NONE);
		LocalRateLimitFallback localFallback = LocalRateLimitFallback.configured(properties, policies, backend,
				rateLimitMetrics);
		return new RateLimitFilter(policies, backend,
				clientAddressResolver.getIfAvailable(() -> new ClientAddressResolver(List.of())),
				new RateLimitHeaders(properties.getHeaders()), properties.getOnBackendFailure(), rateLimitMetrics,
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
				events.getIfAvailable(() -> SecurityEvents.NONE),
				new SecurityObservations(observationRegistry.getIfAvailable()), localFallback);
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> apisecRateLimitFilterRegistration(RateLimitFilter filter) {
		return ApiSecFilterRegistration.of(filter, "apisecRateLimitFilter", ApiSecFilterOrder.RATE_LIMIT,
				DispatcherType.REQUEST);
	}

	// Micrometer is optional: nothing outside this class may name its types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MicrometerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitMetrics apisecRateLimitMetrics(ObjectProvider<MeterRegistry> meterRegistry, RateLimitPolicies policies,
				RateLimitBackend backend) {
			MeterRegistry registry = meterRegistry.getIfAvailable();
			return (registry != null) ? new MicrometerRateLimitMetrics(registry, policies, backend.name())
					: RateLimitMetrics.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "apisec.rate-limit.backend", havingValue = "memory", matchIfMissing = true)
	static class MemoryBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimitBackend.class)
		MemoryRateLimitBackend apisecMemoryRateLimitBackend(RateLimitProperties properties,
				RateLimitPolicies policies) {
			return new MemoryRateLimitBackend(properties.getMaxKeys(), policies.longestPeriod());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("apisecratelimit")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecRateLimitHealthIndicator")
		RateLimitBackendHealthIndicator apisecRateLimitHealthIndicator(RateLimitBackend backend,
				RateLimitFilter filter) {
			return new RateLimitBackendHealthIndicator(backend, filter);
		}

	}

}
