package dev.apisec.ratelimit;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.ratelimit.RateLimitProperties.OnBackendFailure;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.support.ConditionalOnApiSecFeature;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.NetworkAutoConfiguration;
import dev.apisec.web.ProblemResponseWriter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
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
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Auto-configuration of rate limiting from {@code apisec.rate-limit.*}: the policies, the
 * backend (memory or Redis) and the filter, registered right after Spring Security's
 * filter chain so that it sees the authenticated caller and runs before the controller.
 */
@AutoConfiguration(after = NetworkAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Bucket.class, com.github.benmanes.caffeine.cache.Caffeine.class,
		PathPatternRequestMatcher.class })
@ConditionalOnApiSecFeature(name = "rate limiting", prefix = "apisec.rate-limit", list = "policies",
		element = RateLimitProperties.Policy.class)
@EnableConfigurationProperties(RateLimitProperties.class)
@Import({ RateLimitAutoConfiguration.MemoryBackendConfiguration.class, RedisRateLimitConfiguration.class,
		RateLimitAutoConfiguration.MicrometerMetricsConfiguration.class,
		RateLimitAutoConfiguration.HealthConfiguration.class })
public class RateLimitAutoConfiguration {

	/** Order of the filter: just after Spring Security's filter chain. */
	public static final int FILTER_ORDER = SecurityProperties.DEFAULT_FILTER_ORDER + 10;

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
		double share = LocalRateLimitFallback.checkShare(properties.getLocalFallback().getShare());
		LocalRateLimitFallback localFallback = (properties.getOnBackendFailure() != OnBackendFailure.LOCAL) ? null
				: new LocalRateLimitFallback(backend.name(), policies, share, properties.getMaxKeys(), rateLimitMetrics,
						TimeMeter.SYSTEM_NANOTIME);
		return new RateLimitFilter(policies, backend,
				clientAddressResolver.getIfAvailable(() -> new ClientAddressResolver(java.util.List.of())),
				new RateLimitHeaders(properties.getHeaders()), properties.getOnBackendFailure(), rateLimitMetrics,
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
				events.getIfAvailable(() -> SecurityEvents.NONE),
				new SecurityObservations(observationRegistry.getIfAvailable()), localFallback);
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> apisecRateLimitFilterRegistration(RateLimitFilter filter) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setName("apisecRateLimitFilter");
		return registration;
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
