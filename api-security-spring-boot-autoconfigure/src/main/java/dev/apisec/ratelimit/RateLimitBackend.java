package dev.apisec.ratelimit;

/**
 * Where buckets are kept. Implementations must be exact under concurrency: a bucket never
 * admits more than its limits allow.
 */
public interface RateLimitBackend {

	/**
	 * Try to take the policy's cost from the client's bucket.
	 * @param policy the policy
	 * @param key the client's key within the policy
	 * @return the decision
	 * @throws RuntimeException when the backend cannot decide (unreachable, timed out)
	 */
	RateLimitDecision tryConsume(RateLimitPolicy policy, String key);

	/**
	 * Return a short name for the backend, for operations.
	 * @return the name
	 */
	String name();

	/**
	 * Check that the backend can decide now, for the health endpoint. The memory backend
	 * always can.
	 * @throws RuntimeException when it cannot
	 */
	default void checkAvailable() {
	}

}
