package dev.apisec.apikey;

import java.time.Clock;
import java.util.List;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.authorization.ApiSecHttpSecurityCustomizer;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.util.StringUtils;

/**
 * The verifier, the failure limiter, the customizer that puts the filter into the
 * starter's chain, and the expiry report with its optional gauge and health indicator.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyAuthenticationConfiguration {

	private static final String PREFIX = "apisec.api-keys";

	@Bean
	@ConditionalOnMissingBean
	ApiKeyVerifier apisecApiKeyVerifier(ApiKeyStore store) {
		return new ApiKeyVerifier(store, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyExpiryReport apisecApiKeyExpiryReport(ApiKeyStore store, ApiKeyProperties properties,
			ObjectProvider<SecurityEvents> events) {
		if (properties.getExpiryWarning() == null || properties.getExpiryWarning().isNegative()) {
			throw new ApiSecConfigurationException(PREFIX + ".expiry-warning", "the window must not be negative",
					"Set " + PREFIX + ".expiry-warning to a duration such as 14d, or 0 to report nothing.");
		}
		return new ApiKeyExpiryReport(store, properties.getExpiryWarning(), Clock.systemUTC(),
				events.getIfAvailable(() -> SecurityEvents.NONE));
	}

	@Bean
	ApiSecHttpSecurityCustomizer apisecApiKeyHttpSecurityCustomizer(ApiKeyProperties properties,
			ApiKeyVerifier verifier, ObjectProvider<ClientAddressResolver> clientAddressResolver,
			ObjectProvider<ProblemResponseWriter> problemResponseWriter, ObjectProvider<SecurityEvents> events,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		String header = validatedHeader(properties.getHeader());
		ApiKeyFailureLimiter limiter = failureLimiter(properties.getFailureLimit());
		ApiKeyAuthenticationFilter filter = new ApiKeyAuthenticationFilter(header, verifier, limiter,
				clientAddressResolver.getIfAvailable(() -> new ClientAddressResolver(List.of())),
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
				events.getIfAvailable(() -> SecurityEvents.NONE),
				new SecurityObservations(observationRegistry.getIfAvailable()));
		// Not a bean, so that it runs only inside the starter's chain, not as a servlet
		// filter.
		return (http) -> http.addFilterBefore(filter, BearerTokenAuthenticationFilter.class);
	}

	private static String validatedHeader(String header) {
		if (!StringUtils.hasText(header) || !header.trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
				|| header.trim().equalsIgnoreCase("Authorization") || header.trim().equalsIgnoreCase("Cookie")) {
			throw new ApiSecConfigurationException(PREFIX + ".header", "'" + header + "' is not a usable header name",
					"Use a header name of its own such as X-API-Key; Authorization and Cookie are not allowed.");
		}
		return header.trim();
	}

	private static ApiKeyFailureLimiter failureLimiter(ApiKeyProperties.FailureLimit limit) {
		if (limit.getCapacity() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".failure-limit.capacity",
					"the capacity must be at least 1",
					"Set " + PREFIX + ".failure-limit.capacity to the failed attempts allowed per period.");
		}
		if (limit.getPeriod() == null || limit.getPeriod().toMillis() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".failure-limit.period", "the period must be positive",
					"Set " + PREFIX + ".failure-limit.period to a duration such as 1m.");
		}
		if (limit.getMaxClients() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".failure-limit.max-clients",
					"the maximum must be at least 1", "Set " + PREFIX + ".failure-limit.max-clients, e.g. 100000.");
		}
		return new ApiKeyFailureLimiter(limit.getCapacity(), limit.getPeriod(), limit.getMaxClients());
	}

	// Micrometer is optional: nothing outside this class may name its types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecApiKeyMetrics")
		MeterBinder apisecApiKeyMetrics(ApiKeyExpiryReport report) {
			return (MeterRegistry registry) -> Gauge
				.builder("apisec.apikey.expiring", report, ApiKeyMetrics::expiringCount)
				.description("API keys that expire within apisec.api-keys.expiry-warning")
				.register(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("apisecapikeys")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecApiKeysHealthIndicator")
		ApiKeyHealthIndicator apisecApiKeysHealthIndicator(ApiKeyExpiryReport report) {
			return new ApiKeyHealthIndicator(report);
		}

	}

	static final class ApiKeyMetrics {

		private ApiKeyMetrics() {
		}

		static double expiringCount(ApiKeyExpiryReport report) {
			try {
				return report.expiringKeys().size();
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}

	}

}
