package dev.apisec.actuate;

import dev.apisec.apikey.ApiKeyAutoConfiguration;
import dev.apisec.apikey.ApiKeyExpiryReport;
import dev.apisec.apikey.ApiKeyProperties;
import dev.apisec.authorization.AuthorizationAutoConfiguration;
import dev.apisec.authorization.AuthorizationRules;
import dev.apisec.client.ApiSecClients;
import dev.apisec.client.ClientAutoConfiguration;
import dev.apisec.jwt.JwtAutoConfiguration;
import dev.apisec.jwt.TrustedIssuers;
import dev.apisec.mtls.MtlsAutoConfiguration;
import dev.apisec.mtls.MtlsClients;
import dev.apisec.mtls.MtlsProperties;
import dev.apisec.ratelimit.RateLimitAutoConfiguration;
import dev.apisec.ratelimit.RateLimitBackend;
import dev.apisec.ratelimit.RateLimitPolicies;
import dev.apisec.ratelimit.RateLimitProperties;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.resource.ProtectedResourceMetadata;
import dev.apisec.web.CorsProperties;
import dev.apisec.web.DeprecationProperties;
import dev.apisec.web.HeadersProperties;
import dev.apisec.web.WebHardeningAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Operations support for the starter when the actuator is present: the {@code apisec}
 * endpoint (the effective configuration), the {@code jwks} health indicator and, with a
 * {@link MeterRegistry}, authentication (JWT, API key, client certificate),
 * authorization, JWKS and token-cache counters; and a body (the starter's problem+json)
 * for the actuator's empty error responses, such as the 404 of a health component that
 * may not be shown. Runs after the feature auto-configurations, whose beans it reads.
 */
@AutoConfiguration(
		after = { JwtAutoConfiguration.class, AuthorizationAutoConfiguration.class, RateLimitAutoConfiguration.class,
				ClientAutoConfiguration.class, ApiKeyAutoConfiguration.class, MtlsAutoConfiguration.class,
				WebHardeningAutoConfiguration.class },
		afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnApiSecEnabled
@ConditionalOnClass({ Endpoint.class, HealthIndicator.class, ConditionalOnAvailableEndpoint.class })
@Import({ ApiSecActuatorAutoConfiguration.EndpointConfiguration.class,
		ApiSecActuatorAutoConfiguration.JwksHealthConfiguration.class,
		ApiSecActuatorAutoConfiguration.JwtMetricsConfiguration.class,
		ApiSecActuatorAutoConfiguration.AuthorizationMetricsConfiguration.class,
		ApiSecActuatorAutoConfiguration.AuthenticationEventMetricsConfiguration.class,
		ApiSecActuatorAutoConfiguration.EmptyActuatorErrorConfiguration.class })
public class ApiSecActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBean(WebEndpointProperties.class)
	static class EmptyActuatorErrorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecEmptyActuatorErrorFilterRegistration")
		FilterRegistrationBean<EmptyActuatorErrorFilter> apisecEmptyActuatorErrorFilterRegistration(
				WebEndpointProperties endpoints) {
			return EmptyActuatorErrorFilter.registration(endpoints.getBasePath());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(ApiSecEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ApiSecEndpoint apisecEndpoint(ObjectProvider<TrustedIssuers> issuers,
				ObjectProvider<AuthorizationRules> authorizationRules,
				ObjectProvider<RateLimitPolicies> rateLimitPolicies,
				ObjectProvider<RateLimitProperties> rateLimitProperties,
				ObjectProvider<RateLimitBackend> rateLimitBackend, ObjectProvider<ApiSecClients> clients,
				ObjectProvider<ApiKeyProperties> apiKeyProperties, ObjectProvider<ApiKeyExpiryReport> apiKeyExpiry,
				ObjectProvider<MtlsClients> mtlsClients, ObjectProvider<MtlsProperties> mtlsProperties,
				ObjectProvider<CorsProperties> cors, ObjectProvider<HeadersProperties> headers,
				ObjectProvider<DeprecationProperties> deprecations,
				ObjectProvider<ProtectedResourceMetadata> resourceMetadata) {
			return new ApiSecEndpoint(issuers, authorizationRules, rateLimitPolicies, rateLimitProperties,
					rateLimitBackend, clients, apiKeyProperties, apiKeyExpiry, mtlsClients, mtlsProperties, cors,
					headers, deprecations, resourceMetadata);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("jwks")
	@ConditionalOnBean(TrustedIssuers.class)
	static class JwksHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwksHealthIndicator")
		JwksHealthIndicator jwksHealthIndicator(TrustedIssuers issuers) {
			return new JwksHealthIndicator(issuers);
		}

	}

	// Micrometer is optional: only these configurations name its types.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean({ MeterRegistry.class, TrustedIssuers.class })
	static class JwtMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtMetrics apisecJwtMetrics(MeterRegistry registry) {
			return new JwtMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.core.instrument.MeterRegistry",
			"org.springframework.security.authorization.event.AuthorizationDeniedEvent" })
	@ConditionalOnBean(MeterRegistry.class)
	static class AuthorizationMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthorizationDeniedMetrics apisecAuthorizationDeniedMetrics(MeterRegistry registry) {
			return new AuthorizationDeniedMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class AuthenticationEventMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthenticationEventMetrics apisecAuthenticationEventMetrics(MeterRegistry registry) {
			return new AuthenticationEventMetrics(registry);
		}

	}

}
