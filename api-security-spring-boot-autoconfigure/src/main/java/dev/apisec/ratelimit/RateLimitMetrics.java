package dev.apisec.ratelimit;

/**
 * Counts rate-limit decisions per policy and outcome.
 */
public interface RateLimitMetrics {

	/**
	 * Metrics that count nothing, when Micrometer is absent.
	 */
	RateLimitMetrics NONE = new RateLimitMetrics() {
	};

	/**
	 * A request was allowed by the policy.
	 * @param policy the policy
	 */
	default void allowed(RateLimitPolicy policy) {
	}

	/**
	 * A request was refused by the policy.
	 * @param policy the policy
	 */
	default void rejected(RateLimitPolicy policy) {
	}

	/**
	 * The backend could not decide for the policy.
	 * @param policy the policy
	 */
	default void backendError(RateLimitPolicy policy) {
	}

	/**
	 * Decisions switched to other buckets: to {@code local} ones of this instance when
	 * the backend failed, or back to the backend's (its name) once it decides again.
	 * @param to {@code local} or the backend's name
	 */
	default void backendSwitched(String to) {
	}

}
