package dev.apisec.ratelimit;

import java.util.List;

/**
 * The outcome of charging a request to a bucket.
 *
 * @param allowed whether the request may proceed
 * @param remaining tokens left in each limit of the policy, in the policy's order
 * @param nanosToWait time until the request's cost would be available, 0 when allowed
 */
public record RateLimitDecision(boolean allowed, long[] remaining, long nanosToWait) {

	/**
	 * Return the index of the limit the client hits first: the fewest tokens left, and on
	 * a tie the one that takes longest to refill.
	 * @param limits the policy's limits, in the same order as {@link #remaining()}
	 * @return the index
	 */
	int bindingLimit(List<RateLimitPolicy.Limit> limits) {
		int binding = 0;
		for (int i = 1; i < this.remaining.length; i++) {
			long candidate = Math.max(0, this.remaining[i]);
			long current = Math.max(0, this.remaining[binding]);
			if (candidate < current || (candidate == current
					&& limits.get(i).secondsUntilFull(candidate) > limits.get(binding).secondsUntilFull(current))) {
				binding = i;
			}
		}
		return binding;
	}

}
