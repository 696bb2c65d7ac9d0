package dev.apisec.client;

import dev.apisec.audit.ApiSecAuditAutoConfiguration;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.web.ProblemResponseAutoConfiguration;
import dev.apisec.web.ProblemResponseWriter;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the outbound clients under {@code apisec.clients.<name>.*}: each
 * a {@link RestClient} bean built on Spring Boot's {@link RestClient.Builder} with
 * timeouts, a resilience4j circuit breaker and bulkhead, retries and service tokens. Runs
 * after the audit auto-configuration, whose security events report opened circuits.
 */
// Before the problem responses: its advice, of the same order, must come before their
// catch-all.
@AutoConfiguration(after = { RestClientAutoConfiguration.class, ApiSecAuditAutoConfiguration.class },
		before = ProblemResponseAutoConfiguration.class,
		afterName = { "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
				"io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration",
				"org.springframework.boot.autoconfigure.security.oauth2.client.servlet.OAuth2ClientAutoConfiguration",
				"org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientAutoConfiguration" })
@ConditionalOnApiSecEnabled
@ConditionalOnClass({ RestClient.class, CircuitBreakerRegistry.class, BulkheadRegistry.class })
@EnableConfigurationProperties(ClientProperties.class)
@Import({ ClientRestClientRegistrar.class, CircuitOpenedEventsConfiguration.class })
public class ClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ApiSecClients apisecClients(ClientProperties properties, ObjectProvider<RestClient.Builder> builders,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers, ObjectProvider<BulkheadRegistry> bulkheads,
			ObjectProvider<ServiceTokenInterceptors> serviceTokens, ObjectProvider<MeterRegistry> meterRegistry) {
		MeterRegistry registry = meterRegistry.getIfAvailable();
		return new ApiSecClientsFactory(properties, () -> builders.getIfAvailable(RestClient::builder),
				circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
				bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults), serviceTokens.getIfAvailable(),
				(registry != null) ? ClientMetrics.micrometer(registry) : ClientMetrics.NONE)
			.create();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class ClientErrorResponseConfiguration {

		@Bean
		ClientExceptionHandler apisecClientExceptionHandler(ObjectProvider<ProblemResponseWriter> problems) {
			return new ClientExceptionHandler(problems.getIfAvailable(ProblemResponseWriter::new));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ AuthorizedClientServiceOAuth2AuthorizedClientManager.class,
			ClientRegistrationRepository.class })
	@ConditionalOnBean(ClientRegistrationRepository.class)
	static class ServiceTokenConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServiceTokenInterceptors apisecServiceTokenInterceptors(ClientRegistrationRepository registrations) {
			return new ClientCredentialsInterceptors(registrations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("apisecClients")
	static class ClientHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecClientsHealthIndicator")
		ApiSecClientsHealthIndicator apisecClientsHealthIndicator(ApiSecClients clients) {
			return new ApiSecClientsHealthIndicator(clients);
		}

	}

}
