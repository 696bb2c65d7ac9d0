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

}
