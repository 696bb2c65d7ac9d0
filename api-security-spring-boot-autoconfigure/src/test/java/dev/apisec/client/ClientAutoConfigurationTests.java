package dev.apisec.client;

import java.util.Map;

import dev.apisec.audit.ApiSecAuditAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientAutoConfiguration}.
 */
class ClientAutoConfigurationTests {

	private static final String PAYMENT = "apisec.clients.payment.";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClientAutoConfiguration.class, RestClientAutoConfiguration.class));

	@Test
	void withoutClientsTheRegistryIsEmpty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ApiSecClients.class);
			assertThat(context.getBean(ApiSecClients.class).names()).isEmpty();
			assertThat(context).doesNotHaveBean(RestClient.class);
			assertThat(context).hasSingleBean(ClientExceptionHandler.class);
		});
	}

	@Test
	void eachClientIsARestClientBeanNamedAndQualifiedByItsName() {
		this.contextRunner.withUserConfiguration(PaymentCallerConfiguration.class)
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal",
					"apisec.clients.inventory.base-url=https://inventory.internal")
			.run((context) -> {
				ApiSecClients clients = context.getBean(ApiSecClients.class);
				assertThat(clients.names()).containsExactly("payment", "inventory");
				assertThat(context).getBeans(RestClient.class)
					.containsOnlyKeys("paymentRestClient", "inventoryRestClient");
				assertThat(context.getBean("paymentRestClient")).isSameAs(clients.get("payment"));
				assertThat(context.getBean(PaymentCaller.class).client()).isSameAs(clients.get("payment"));
			});
	}

	@Test
	void openedCircuitsAreReportedWhenThereAreSecurityEvents() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ApiSecAuditAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(CircuitOpenedEvents.class)
				.hasBean("apisecCircuitOpenedEvents"));
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CircuitOpenedEvents.class));
	}

	@Test
	void clientWithoutBaseUrlIsAllowed() {
		this.contextRunner.withPropertyValues(PAYMENT + "read-timeout=1s")
			.run((context) -> assertThat(context).hasBean("paymentRestClient"));
	}

	@Test
	void eachClientHasACircuitBreakerWithApisecDefaults() {
		this.contextRunner.withPropertyValues(PAYMENT + "base-url=https://payments.internal").run((context) -> {
			CircuitBreaker breaker = context.getBean(ApiSecClients.class).circuitBreakers().get("payment");
			assertThat(breaker.getName()).isEqualTo("payment");
			CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
			assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
			assertThat(config.getSlidingWindowSize()).isEqualTo(20);
			assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
			assertThat(config.getFailureRateThreshold()).isEqualTo(50);
			assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
			assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
		});
	}

	@Test
	void circuitBreakerCanBeTurnedOffPerClient() {
		this.contextRunner
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal",
					PAYMENT + "circuit-breaker.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(ApiSecClients.class).circuitBreakers()).isEmpty();
				assertThat(context).hasBean("paymentRestClient");
			});
	}

	@Test
	void resilience4jInstanceConfigurationReplacesApisecDefaults() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal",
					"resilience4j.circuitbreaker.instances.payment.sliding-window-size=5",
					"resilience4j.circuitbreaker.instances.payment.wait-duration-in-open-state=10s")
			.run((context) -> {
				CircuitBreakerConfig config = context.getBean(ApiSecClients.class)
					.circuitBreakers()
					.get("payment")
					.getCircuitBreakerConfig();
				assertThat(config.getSlidingWindowSize()).isEqualTo(5);
				assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(10_000L);
				// What the instance leaves out comes from resilience4j, not from apisec.
				assertThat(config.getMinimumNumberOfCalls())
					.isEqualTo(CircuitBreakerConfig.ofDefaults().getMinimumNumberOfCalls());
			});
	}

	@Test
	void resilience4jConfigurationOfOtherInstancesLeavesApisecDefaults() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal",
					"resilience4j.circuitbreaker.instances.other.sliding-window-size=5")
			.run((context) -> assertThat(context.getBean(ApiSecClients.class)
				.circuitBreakers()
				.get("payment")
				.getCircuitBreakerConfig()
				.getSlidingWindowSize()).isEqualTo(20));
	}

	@Test
	void userDefinedApiSecClientsBacksOff() {
		this.contextRunner.withUserConfiguration(UserClientsConfiguration.class)
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal")
			.run((context) -> {
				assertThat(context).hasSingleBean(ApiSecClients.class);
				assertThat(context.getBean(ApiSecClients.class)).isSameAs(context.getBean("userClients"));
				assertThat(context.getBean("paymentRestClient")).isSameAs(UserClientsConfiguration.PAYMENT);
			});
	}

	@Test
	void healthIndicatorIsDefinedAndCanBeTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("apisecClientsHealthIndicator"));
		this.contextRunner.withPropertyValues("management.health.apisecClients.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("apisecClientsHealthIndicator"));
	}

	@Test
	void serviceTokensAreAvailableWithAClientRegistration() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(registration("idp"))
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal",
					PAYMENT + "auth.type=client-credentials", PAYMENT + "auth.registration-id=idp")
			.run((context) -> {
				assertThat(context).hasSingleBean(ServiceTokenInterceptors.class);
				assertThat(context).hasBean("paymentRestClient");
			});
	}

	@Test
	void disabledStarterDefinesNoClients() {
		this.contextRunner
			.withPropertyValues("apisec.enabled=false", PAYMENT + "base-url=not validated",
					PAYMENT + "retry.max-attempts=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ApiSecClients.class);
				assertThat(context).doesNotHaveBean(RestClient.class);
				assertThat(context).doesNotHaveBean(ClientProperties.class);
				assertThat(context).doesNotHaveBean(ClientExceptionHandler.class);
			});
	}

	@Test
	void withoutResilience4jNoClientsAreDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.withPropertyValues(PAYMENT + "base-url=https://payments.internal")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ApiSecClients.class);
				assertThat(context).doesNotHaveBean("paymentRestClient");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "payments.internal", "ftp://payments.internal", "http://", "https://pay ments" })
	void baseUrlThatIsNotAnHttpUrlFailsStartup(String baseUrl) {
		this.contextRunner.withPropertyValues(PAYMENT + "base-url=" + baseUrl)
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "base-url", "is not an http(s) URL",
					"Set " + PAYMENT + "base-url to the downstream service's URL"));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 11 })
	void maxAttemptsOutsideOneToTenFailsStartup(int maxAttempts) {
		this.contextRunner.withPropertyValues(PAYMENT + "retry.max-attempts=" + maxAttempts)
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "retry.max-attempts",
					"max-attempts must be between 1 (no retries) and 10", "Set " + PAYMENT + "retry.max-attempts"));
	}

	@Test
	void maxAttemptsOfOneAndTenAreAccepted() {
		this.contextRunner
			.withPropertyValues(PAYMENT + "retry.max-attempts=1", "apisec.clients.other.retry.max-attempts=10")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void jitterAboveOneFailsStartup() {
		this.contextRunner.withPropertyValues(PAYMENT + "retry.jitter=1.5")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "retry.jitter",
					"jitter must be between 0 and 1", "Set " + PAYMENT + "retry.jitter to e.g. 0.5"));
	}

	@Test
	void multiplierBelowOneFailsStartup() {
		this.contextRunner.withPropertyValues(PAYMENT + "retry.multiplier=0.5")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "retry.multiplier",
					"multiplier must be at least 1", "Set " + PAYMENT + "retry.multiplier to e.g. 2"));
	}

	@Test
	void bulkheadWithoutConcurrentCallsFailsStartup() {
		this.contextRunner.withPropertyValues(PAYMENT + "bulkhead.max-concurrent-calls=0")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "bulkhead.max-concurrent-calls",
					"at least one concurrent call must be allowed",
					"Set " + PAYMENT + "bulkhead.max-concurrent-calls"));
	}

	@Test
	void zeroReadTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues(PAYMENT + "read-timeout=0")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "read-timeout", "timeouts must be positive",
					"Set " + PAYMENT + "read-timeout to a positive duration"));
	}

	@Test
	void zeroConnectTimeoutFailsStartup() {
		this.contextRunner.withPropertyValues(PAYMENT + "connect-timeout=0s")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "connect-timeout",
					"timeouts must be positive", "Set " + PAYMENT + "connect-timeout to a positive duration"));
	}

	@Test
	void clientCredentialsWithoutRegistrationIdFailsStartup() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(registration("idp"))
			.withPropertyValues(PAYMENT + "auth.type=client-credentials")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "auth.registration-id",
					"client-credentials needs the registration of the client",
					"Set " + PAYMENT + "auth.registration-id to a registration"));
	}

	@Test
	void clientCredentialsWithUnknownRegistrationIdFailsStartup() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(registration("idp"))
			.withPropertyValues(PAYMENT + "auth.type=client-credentials", PAYMENT + "auth.registration-id=ipd")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "auth.registration-id",
					"there is no registration 'ipd'", "Configure spring.security.oauth2.client.registration.ipd.*"));
	}

	@Test
	void clientCredentialsWithoutAnyRegistrationFailsStartup() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(PAYMENT + "auth.type=client-credentials", PAYMENT + "auth.registration-id=idp")
			.run((context) -> assertConfigurationFailure(context, PAYMENT + "auth.type",
					"client-credentials needs Spring Security's OAuth 2.0 client support and the registration 'idp'",
					"configure spring.security.oauth2.client.registration.idp.*"));
	}

	private static String[] registration(String id) {
		String prefix = "spring.security.oauth2.client.registration." + id + ".";
		return new String[] { prefix + "client-id=orders-service", prefix + "client-secret=secret",
				prefix + "authorization-grant-type=client_credentials",
				"spring.security.oauth2.client.provider." + id + ".token-uri=https://idp.example.invalid/token" };
	}

	record PaymentCaller(RestClient client) {

	}

	@Configuration(proxyBeanMethods = false)
	static class PaymentCallerConfiguration {

		@Bean
		PaymentCaller paymentCaller(@Qualifier("payment") RestClient payment) {
			return new PaymentCaller(payment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientsConfiguration {

		static final RestClient PAYMENT = RestClient.create("https://payments.test");

		@Bean
		ApiSecClients userClients() {
			return new ApiSecClients(Map.of("payment", PAYMENT), Map.of());
		}

	}

}
