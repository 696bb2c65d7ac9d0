package dev.apisec.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.apisec.support.ApiSecConfigurationException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Builds the configured clients from Spring Boot's {@link RestClient.Builder} (so that
 * Micrometer observations and trace propagation apply) with apisec's interceptors:
 * resilience (bulkhead, circuit breaker, retries), response size limit and
 * authentication.
 */
final class ApiSecClientsFactory {

	/**
	 * Circuit-breaker defaults for clients whose resilience4j instance is not configured:
	 * open when half of at least 10 of the last 20 calls failed, stay open 30 seconds,
	 * try 3 calls half-open.
	 */
	static final CircuitBreakerConfig DEFAULT_CIRCUIT_BREAKER = CircuitBreakerConfig.custom()
		.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
		.slidingWindowSize(20)
		.minimumNumberOfCalls(10)
		.failureRateThreshold(50)
		.waitDurationInOpenState(Duration.ofSeconds(30))
		.permittedNumberOfCallsInHalfOpenState(3)
		.automaticTransitionFromOpenToHalfOpenEnabled(false)
		.build();

	private final ClientProperties properties;

	private final Supplier<RestClient.Builder> builders;

	private final CircuitBreakerRegistry circuitBreakers;

	private final BulkheadRegistry bulkheads;

	private final ServiceTokenInterceptors serviceTokens;

	private final ClientMetrics metrics;

	ApiSecClientsFactory(ClientProperties properties, Supplier<RestClient.Builder> builders,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, ServiceTokenInterceptors serviceTokens,
			ClientMetrics metrics) {
		this.properties = properties;
		this.builders = builders;
		this.circuitBreakers = circuitBreakers;
		this.bulkheads = bulkheads;
		this.serviceTokens = serviceTokens;
		this.metrics = metrics;
	}

	ApiSecClients create() {
		Map<String, RestClient> clients = new LinkedHashMap<>();
		Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
		this.properties.getClients().forEach((name, config) -> {
			CircuitBreaker breaker = config.getCircuitBreaker().isEnabled() ? circuitBreaker(name) : null;
			if (breaker != null) {
				breakers.put(name, breaker);
			}
			clients.put(name, create(name, config, breaker));
		});
		return new ApiSecClients(clients, breakers);
	}

	private RestClient create(String name, ClientProperties.Client config, CircuitBreaker breaker) {
		String prefix = "apisec.clients." + name;
		validate(prefix, config);
		ClientHttpRequestFactorySettings settings = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(config.getConnectTimeout())
			.withReadTimeout(config.getReadTimeout())
			.withRedirects(config.isFollowRedirects() ? Redirects.FOLLOW : Redirects.DONT_FOLLOW);
		Bulkhead bulkhead = this.bulkheads.bulkhead("apisec-" + name,
				BulkheadConfig.custom()
					.maxConcurrentCalls(config.getBulkhead().getMaxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build());
		// Run on every attempt, inside the resilience interceptor.
		List<ClientHttpRequestInterceptor> perAttempt = new ArrayList<>();
		perAttempt.add(new ResponseSizeLimitInterceptor(config.getMaxResponseSize().toBytes()));
		switch (config.getAuth().getType()) {
			case CLIENT_CREDENTIALS -> perAttempt.add(clientCredentials(prefix, name, config.getAuth()));
			case RELAY -> perAttempt.add(new RelayTokenInterceptor());
			case NONE -> {
			}
		}
		RestClient.Builder builder = this.builders.get()
			.requestFactory(ClientHttpRequestFactoryBuilder.simple().build(settings))
			.requestInterceptor(
					new ResilienceInterceptor(name, bulkhead, breaker, config.getRetry(), this.metrics, perAttempt));
		new UnexpectedResponses(name).applyTo(builder);
		if (StringUtils.hasText(config.getBaseUrl())) {
			builder.baseUrl(config.getBaseUrl());
		}
		return builder.build();
	}

	private ClientHttpRequestInterceptor clientCredentials(String prefix, String name, ClientProperties.Auth auth) {
		if (!StringUtils.hasText(auth.getRegistrationId())) {
			throw new ApiSecConfigurationException(prefix + ".auth.registration-id",
					"client-credentials needs the registration of the client",
					"Set " + prefix + ".auth.registration-id to a registration under "
							+ "spring.security.oauth2.client.registration with authorization-grant-type=client_credentials.");
		}
		if (this.serviceTokens == null) {
			throw new ApiSecConfigurationException(prefix + ".auth.type",
					"client-credentials needs Spring Security's OAuth 2.0 client support and the registration '"
							+ auth.getRegistrationId() + "'",
					"Add spring-security-oauth2-client and configure spring.security.oauth2.client.registration."
							+ auth.getRegistrationId() + ".*, or use auth.type none or relay.");
		}
		return this.serviceTokens.create(prefix, name, auth.getRegistrationId());
	}

	private CircuitBreaker circuitBreaker(String name) {
		// A resilience4j instance configured under
		// resilience4j.circuitbreaker.instances.NAME wins; otherwise apisec's defaults.
		return this.circuitBreakers.find(name)
			.orElseGet(() -> this.circuitBreakers.circuitBreaker(name, DEFAULT_CIRCUIT_BREAKER));
	}

	private static void validate(String prefix, ClientProperties.Client config) {
		if (StringUtils.hasText(config.getBaseUrl())) {
			try {
				URI uri = URI.create(config.getBaseUrl());
				if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
					throw new IllegalArgumentException();
				}
			}
			catch (IllegalArgumentException ex) {
				throw new ApiSecConfigurationException(prefix + ".base-url",
						"'" + config.getBaseUrl() + "' is not an http(s) URL",
						"Set " + prefix + ".base-url to the downstream service's URL, e.g. https://payments.internal.");
			}
		}
		ClientProperties.Retry retry = config.getRetry();
		if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > 10) {
			throw new ApiSecConfigurationException(prefix + ".retry.max-attempts",
					"max-attempts must be between 1 (no retries) and 10",
					"Set " + prefix + ".retry.max-attempts to a small number such as 3.");
		}
		if (retry.getMultiplier() < 1) {
			throw new ApiSecConfigurationException(prefix + ".retry.multiplier",
					"multiplier must be at least 1: waits must not shrink",
					"Set " + prefix + ".retry.multiplier to e.g. 2.");
		}
		if (retry.getJitter() < 0 || retry.getJitter() > 1) {
			throw new ApiSecConfigurationException(prefix + ".retry.jitter",
					"jitter must be between 0 and 1 (a fraction of the backoff)",
					"Set " + prefix + ".retry.jitter to e.g. 0.5.");
		}
		if (config.getBulkhead().getMaxConcurrentCalls() < 1) {
			throw new ApiSecConfigurationException(prefix + ".bulkhead.max-concurrent-calls",
					"at least one concurrent call must be allowed",
					"Set " + prefix + ".bulkhead.max-concurrent-calls to the calls the downstream may have in flight.");
		}
		requirePositive(prefix + ".connect-timeout", config.getConnectTimeout());
		requirePositive(prefix + ".read-timeout", config.getReadTimeout());
	}

	private static void requirePositive(String property, Duration timeout) {
		if (timeout == null || timeout.isZero() || timeout.isNegative()) {
			throw new ApiSecConfigurationException(property,
					"timeouts must be positive: without them a hanging downstream holds threads forever",
					"Set " + property + " to a positive duration such as 2s.");
		}
	}

}
