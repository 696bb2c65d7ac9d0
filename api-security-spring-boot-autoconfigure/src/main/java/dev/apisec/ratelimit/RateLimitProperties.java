package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-client rate limits: policies of burst and steady limits, kept in memory or on
 * Redis.
 */
@ConfigurationProperties("apisec.rate-limit")
public class RateLimitProperties {

	/**
	 * Whether rate limiting is on; by default on exactly when policies are configured.
	 */
	private Boolean enabled;

	/**
	 * Where buckets are kept: in this instance's memory, or on Redis to share limits
	 * across instances.
	 */
	private Backend backend = Backend.MEMORY;

	/**
	 * Rate-limit headers on limited responses: the IETF draft RateLimit and
	 * RateLimit-Policy, the legacy X-RateLimit-* trio, or none.
	 */
	private Headers headers = Headers.IETF;

	/**
	 * Maximum number of client buckets kept in memory (by the memory backend, or as
	 * batching proxies by the Redis backend); the least used are evicted beyond it, and
	 * idle buckets expire.
	 */
	private long maxKeys = 100_000;

	/**
	 * What to do with a request when the backend cannot be reached: let it through,
	 * refuse it with 503, or limit it with this instance's own buckets until the backend
	 * is back.
	 */
	private OnBackendFailure onBackendFailure = OnBackendFailure.ALLOW;

	/**
	 * Policies; a request is charged by every policy whose paths and methods match it.
	 */
	private List<Policy> policies = new ArrayList<>();

	private final Redis redis = new Redis();

	private final LocalFallback localFallback = new LocalFallback();

	public Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

	public Backend getBackend() {
		return this.backend;
	}

	public void setBackend(Backend backend) {
		this.backend = backend;
	}

	public Headers getHeaders() {
		return this.headers;
	}

	public void setHeaders(Headers headers) {
		this.headers = headers;
	}

	public long getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(long maxKeys) {
		this.maxKeys = maxKeys;
	}

	public OnBackendFailure getOnBackendFailure() {
		return this.onBackendFailure;
	}

	public void setOnBackendFailure(OnBackendFailure onBackendFailure) {
		this.onBackendFailure = onBackendFailure;
	}

	public List<Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(List<Policy> policies) {
		this.policies = policies;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public LocalFallback getLocalFallback() {
		return this.localFallback;
	}

	/**
	 * One rate-limit policy.
	 */
	public static class Policy {

		/**
		 * Name of the policy, used in headers, metrics and 429 responses.
		 */
		private String name;

		/**
		 * Spring path patterns the policy applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * HTTP methods the policy applies to; all methods when empty.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * What identifies a client: ip, principal, api-key, header:NAME or claim:PATH; a
		 * request without that key is limited by its client IP.
		 */
		private String key = "ip";

		/**
		 * Limits that must all allow a request, e.g. a burst and a steady limit.
		 */
		private List<Limit> limits = new ArrayList<>();

		/**
		 * Tokens one request costs.
		 */
		private long cost = 1;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public List<Limit> getLimits() {
			return this.limits;
		}

		public void setLimits(List<Limit> limits) {
			this.limits = limits;
		}

		public long getCost() {
			return this.cost;
		}

		public void setCost(long cost) {
			this.cost = cost;
		}

	}

	/**
	 * A token bucket: up to capacity requests, refilled evenly over the period.
	 */
	public static class Limit {

		/**
		 * Name of the limit in the RateLimit-Policy header; defaults to the policy name,
		 * with the limit's index when the policy has several limits.
		 */
		private String name;

		/**
		 * Requests (tokens) allowed per period, and the largest burst.
		 */
		private long capacity;

		/**
		 * Time in which a full capacity is refilled.
		 */
		private Duration period;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

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

	}

	/**
	 * Redis backend settings; the connection itself is Spring Boot's spring.data.redis.*.
	 */
	public static class Redis {

		/**
		 * Prefix of the Redis keys of the buckets.
		 */
		private String keyPrefix = "apisec:rate-limit:";

		/**
		 * Longest wait for Redis in one decision; beyond it the on-backend-failure mode
		 * applies.
		 */
		private Duration timeout = Duration.ofMillis(500);

		/**
		 * Optimization for hot keys: batching (concurrent requests for one key in an
		 * instance share one read and one write; still exact), or none (each decision
		 * reads the bucket and writes it back on its own, which fails under contention on
		 * one key).
		 */
		private Optimization optimization = Optimization.BATCHING;

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Optimization getOptimization() {
			return this.optimization;
		}

		public void setOptimization(Optimization optimization) {
			this.optimization = optimization;
		}

	}

	/**
	 * Local buckets of on-backend-failure=local, used while the backend cannot decide.
	 */
	public static class LocalFallback {

		/**
		 * Fraction of each limit that this instance's own buckets allow while the backend
		 * is down, more than 0 and at most 1 (e.g. 0.5 with two instances).
		 */
		private double share = 1.0;

		public double getShare() {
			return this.share;
		}

		public void setShare(double share) {
			this.share = share;
		}

	}

	/**
	 * Where buckets live.
	 */
	public enum Backend {

		/**
		 * In this instance's memory.
		 */
		MEMORY,

		/**
		 * On Redis, shared by all instances.
		 */
		REDIS

	}

	/**
	 * Which rate-limit headers are written.
	 */
	public enum Headers {

		/**
		 * RateLimit-Policy and RateLimit (IETF draft).
		 */
		IETF,

		/**
		 * X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset.
		 */
		LEGACY,

		/**
		 * No headers.
		 */
		NONE

	}

	/**
	 * Behaviour when the backend fails.
	 */
	public enum OnBackendFailure {

		/**
		 * Let the request through (logged and counted).
		 */
		ALLOW,

		/**
		 * Refuse the request with 503.
		 */
		DENY,

		/**
		 * Limit the request with this instance's own buckets until the backend decides
		 * again.
		 */
		LOCAL

	}

	/**
	 * Hot-key optimization of the Redis backend.
	 */
	public enum Optimization {

		/**
		 * Every decision reads and writes the bucket itself: two round trips.
		 */
		NONE,

		/**
		 * Concurrent requests for one key on one instance are combined into one round
		 * trip.
		 */
		BATCHING

	}

}
