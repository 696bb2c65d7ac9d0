package dev.apisec.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Named clients for the calls this application makes to other services, each with
 * timeouts, a circuit breaker, retries, a bulkhead and service tokens.
 */
@ConfigurationProperties("apisec")
public class ClientProperties {

	/**
	 * Outbound clients by name; each becomes a RestClient bean qualified by its name.
	 */
	private Map<String, Client> clients = new LinkedHashMap<>();

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Client> clients) {
		this.clients = clients;
	}

	/**
	 * One outbound client.
	 */
	public static class Client {

		/**
		 * Base URL that relative request URIs are resolved against.
		 */
		private String baseUrl;

		/**
		 * Connect timeout.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Read timeout: the longest wait for data from the downstream service.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * Largest response body accepted; larger responses fail the call.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(10);

		/**
		 * Whether redirects are followed.
		 */
		private boolean followRedirects;

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		private final Retry retry = new Retry();

		private final Bulkhead bulkhead = new Bulkhead();

		private final Auth auth = new Auth();

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public boolean isFollowRedirects() {
			return this.followRedirects;
		}

		public void setFollowRedirects(boolean followRedirects) {
			this.followRedirects = followRedirects;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Bulkhead getBulkhead() {
			return this.bulkhead;
		}

		public Auth getAuth() {
			return this.auth;
		}

	}

	/**
	 * Circuit breaker of a client, backed by the resilience4j instance of the same name.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether calls go through a circuit breaker; tune it with
		 * resilience4j.circuitbreaker.instances.NAME.*.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Retries of a client: idempotent methods only, on I/O errors, timeouts and
	 * 502/503/504.
	 */
	public static class Retry {

		/**
		 * Attempts in all, the first included; 1 turns retries off.
		 */
		private int maxAttempts = 3;

		/**
		 * Wait before the first retry.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Factor by which the wait grows with each retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Randomization of each wait, as a fraction: 0.5 waits between half and one and a
		 * half times the backoff.
		 */
		private double jitter = 0.5;

		/**
		 * Longest wait between attempts; a longer Retry-After from the server ends
		 * retrying.
		 */
		private Duration maxBackoff = Duration.ofSeconds(2);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Concurrency limit of a client, so that a slow downstream cannot take every thread.
	 */
	public static class Bulkhead {

		/**
		 * Most calls in flight at once; further calls fail at once with 503.
		 */
		private int maxConcurrentCalls = 25;

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

	}

	/**
	 * How a client authenticates to the downstream service.
	 */
	public static class Auth {

		/**
		 * Authentication: none, client-credentials (a service token) or relay (the
		 * caller's bearer token).
		 */
		private AuthType type = AuthType.NONE;

		/**
		 * Registration id under spring.security.oauth2.client.registration for
		 * client-credentials.
		 */
		private String registrationId;

		public AuthType getType() {
			return this.type;
		}

		public void setType(AuthType type) {
			this.type = type;
		}

		public String getRegistrationId() {
			return this.registrationId;
		}

		public void setRegistrationId(String registrationId) {
			this.registrationId = registrationId;
		}

	}

	/**
	 * Authentication of outbound calls.
	 */
	public enum AuthType {

		/**
		 * No credentials.
		 */
		NONE,

		/**
		 * A service token of the OAuth 2.0 client-credentials grant.
		 */
		CLIENT_CREDENTIALS,

		/**
		 * The bearer token of the request being served.
		 */
		RELAY

	}

}
