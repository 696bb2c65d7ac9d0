package dev.apisec.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys: the header they are read from, where they are stored, and the limits on
 * failed attempts.
 */
@ConfigurationProperties("apisec.api-keys")
public class ApiKeyProperties {

	/**
	 * Request header the API key is read from; never the query string or a cookie.
	 */
	private String header = "X-API-Key";

	/**
	 * Where keys are looked up: these properties, or the apisec_api_key table of the
	 * application's DataSource.
	 */
	private Store store = Store.PROPERTIES;

	/**
	 * Keys of the properties store, each with the SHA-256 hash of the key, never the key.
	 */
	private List<Key> keys = new ArrayList<>();

	/**
	 * Keys expiring within this window are reported: a warning at startup, a metric and a
	 * health detail.
	 */
	private Duration expiryWarning = Duration.ofDays(14);

	private final FailureLimit failureLimit = new FailureLimit();

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public List<Key> getKeys() {
		return this.keys;
	}

	public void setKeys(List<Key> keys) {
		this.keys = keys;
	}

	public Duration getExpiryWarning() {
		return this.expiryWarning;
	}

	public void setExpiryWarning(Duration expiryWarning) {
		this.expiryWarning = expiryWarning;
	}

	public FailureLimit getFailureLimit() {
		return this.failureLimit;
	}

	/**
	 * Where API keys are looked up.
	 */
	public enum Store {

		/**
		 * The keys listed in apisec.api-keys.keys.
		 */
		PROPERTIES,

		/**
		 * The apisec_api_key table of the application's DataSource.
		 */
		JDBC

	}

	/**
	 * One API key of the properties store.
	 */
	public static class Key {

		/**
		 * Key id: the principal name of requests made with the key, and its rate-limit
		 * key.
		 */
		private String id;

		/**
		 * SHA-256 hash of the key, 64 hex digits or 43-44 base64 or base64url characters.
		 */
		private String hash;

		/**
		 * Roles granted to the key, without the ROLE_ prefix.
		 */
		private List<String> roles = new ArrayList<>();

		/**
		 * Scopes granted to the key.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Instant before which the key is not accepted; accepted at once when unset.
		 */
		private Instant notBefore;

		/**
		 * Instant from which the key is no longer accepted; never expires when unset.
		 */
		private Instant expiresAt;

		/**
		 * Whether the key is accepted.
		 */
		private boolean enabled = true;

		/**
		 * Attributes of the key, each with one or more values, tested by the claims
		 * conditions of authorization rules like token claims, e.g. store: north.
		 */
		private Map<String, List<String>> attributes = new LinkedHashMap<>();

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public String getHash() {
			return this.hash;
		}

		public void setHash(String hash) {
			this.hash = hash;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public Instant getNotBefore() {
			return this.notBefore;
		}

		public void setNotBefore(Instant notBefore) {
			this.notBefore = notBefore;
		}

		public Instant getExpiresAt() {
			return this.expiresAt;
		}

		public void setExpiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Map<String, List<String>> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, List<String>> attributes) {
			this.attributes = attributes;
		}

	}

	/**
	 * Limit on failed API-key attempts per client address, checked before any key lookup.
	 */
	public static class FailureLimit {

		/**
		 * Failed attempts a client address may make per period before it gets 429.
		 */
		private long capacity = 10;

		/**
		 * Period in which the capacity refills.
		 */
		private Duration period = Duration.ofMinutes(1);

		/**
		 * Maximum number of client addresses whose failures are counted; the least used
		 * are evicted beyond it.
		 */
		private long maxClients = 100_000;

		public long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(long capacity) {
			this.capacity = capacity;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public long getMaxClients() {
			return this.maxClients;
		}

		public void setMaxClients(long maxClients) {
			this.maxClients = maxClients;
		}

	}

}
