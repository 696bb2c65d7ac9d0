package dev.apisec.ratelimit;

/**
 * The outcome of charging a request to a bucket.
 *
 * @param allowed whether the request may proceed
 * @param remaining tokens left in each limit of the policy, in the policy's order
 * @param nanosToWait time until the request's cost would be available, 0 when allowed
 */
public record RateLimitDecision(boolean allowed, long[] remaining, long nanosToWait) {

	/**
	 * Return the index of the limit with the fewest tokens left: the one the client hits
	 * first.
	 * @return the index
	 */
	int bindingLimit() {
		int binding = 0;
		for (int i = 1; i < this.remaining.length; i++) {
			if (this.remaining[i] < this.remaining[binding]) {
				binding = i;
			}
		}
		return binding;
	}

}
