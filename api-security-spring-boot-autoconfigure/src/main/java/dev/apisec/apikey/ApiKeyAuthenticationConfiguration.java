package dev.apisec.apikey;

import java.time.Clock;
import java.util.List;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.authorization.ApiSecHttpSecurityCustomizer;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
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

/**
 * The verifier, the failure limiter, the customizer that puts the filter into the
 * starter's chain, and the expiry report with its optional gauge and health indicator.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyAuthenticationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ApiKeyVerifier apisecApiKeyVerifier(ApiKeyStore store) {
		return new ApiKeyVerifier(store, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKeyExpiryReport apisecApiKeyExpiryReport(ApiKeyStore store, ApiKeyProperties properties,
			ObjectProvider<SecurityEvents> events) {
		return ApiKeyExpiryReport.configured(store, properties.getExpiryWarning(), Clock.systemUTC(),
				events.getIfAvailable(() -> SecurityEvents.NONE));
	}

	@Bean
	ApiSecHttpSecurityCustomizer apisecApiKeyHttpSecurityCustomizer(ApiKeyProperties properties,
			ApiKeyVerifier verifier, ObjectProvider<ClientAddressResolver> clientAddressResolver,
			ObjectProvider<ProblemResponseWriter> problemResponseWriter, ObjectProvider<SecurityEvents> events,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		String header = ApiKeyAuthenticationFilter.checkedHeader(properties.getHeader());
		ApiKeyFailureLimiter limiter = ApiKeyFailureLimiter.configured(properties.getFailureLimit());
		ApiKeyAuthenticationFilter filter = new ApiKeyAuthenticationFilter(header, verifier, limiter,
				clientAddressResolver.getIfAvailable(() -> new ClientAddressResolver(List.of())),
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
				events.getIfAvailable(() -> SecurityEvents.NONE),
				new SecurityObservations(observationRegistry.getIfAvailable()));
		// Not a bean, so that it runs only inside the starter's chain, not as a servlet
		// filter.
		return (http) -> http.addFilterBefore(filter, BearerTokenAuthenticationFilter.class);
	}

	// Micrometer is optional: only this configuration and ApiKeyExpiryMetrics name its
	// types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecApiKeyMetrics")
		MeterBinder apisecApiKeyMetrics(ApiKeyExpiryReport report) {
			return new ApiKeyExpiryMetrics(report);
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

}
