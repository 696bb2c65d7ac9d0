package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.List;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A validated rate-limit policy: which requests it charges, how a client is identified,
 * its limits as one bucket4j configuration, and the cost of a request.
 */
public final class RateLimitPolicy {

	private final String name;

	private final RequestMatcher matcher;

	private final RateLimitKeyResolver keyResolver;

	private final List<Limit> limits;

	private final long cost;

	private final BucketConfiguration bucketConfiguration;

	RateLimitPolicy(String name, RequestMatcher matcher, RateLimitKeyResolver keyResolver, List<Limit> limits,
			long cost) {
		this.name = name;
		this.matcher = matcher;
		this.keyResolver = keyResolver;
		this.limits = List.copyOf(limits);
		this.cost = cost;
		this.bucketConfiguration = scaledConfiguration(1);
	}

	/**
	 * Return the policy's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the limits, in configuration order.
	 * @return the limits
	 */
	public List<Limit> getLimits() {
		return this.limits;
	}

	/**
	 * Return the tokens one request costs.
	 * @return the cost
	 */
	public long getCost() {
		return this.cost;
	}

	BucketConfiguration bucketConfiguration() {
		return this.bucketConfiguration;
	}

	/**
	 * Return the policy's limits as one bucket4j configuration, each at a share of its
	 * capacity.
	 * @param share fraction of each capacity, in (0, 1]
	 * @return the configuration
	 */
	BucketConfiguration bucketConfiguration(double share) {
		return (share == 1) ? this.bucketConfiguration : scaledConfiguration(share);
	}

	// A share never takes a limit below the cost of one request, which would refuse
	// everything.
	private BucketConfiguration scaledConfiguration(double share) {
		ConfigurationBuilder builder = BucketConfiguration.builder();
		for (Limit limit : this.limits) {
			long capacity = (share == 1) ? limit.capacity()
					: Math.max(this.cost, (long) Math.floor(limit.capacity() * share));
			builder.addLimit(Bandwidth.builder()
				.capacity(capacity)
				.refillGreedy(capacity, limit.period())
				.initialTokens(capacity)
				.build());
		}
		return builder.build();
	}

	boolean matches(HttpServletRequest request) {
		return this.matcher.matches(request);
	}

	RateLimitKeyResolver keyResolver() {
		return this.keyResolver;
	}

	Duration longestPeriod() {
		return this.limits.stream().map(Limit::period).max(Duration::compareTo).orElse(Duration.ZERO);
	}

	/**
	 * One token bucket of a policy.
	 *
	 * @param name the name in the RateLimit-Policy header
	 * @param capacity tokens per period and largest burst
	 * @param period time to refill the capacity
	 */
	public record Limit(String name, long capacity, Duration period) {

		/**
		 * Seconds until a bucket holding {@code remaining} tokens is full again.
		 * @param remaining tokens left
		 * @return whole seconds, rounded up
		 */
		long secondsUntilFull(long remaining) {
			long missing = Math.max(0, this.capacity - Math.max(0, remaining));
			if (missing == 0) {
				return 0;
			}
			double seconds = (double) missing * this.period.toMillis() / 1000d / this.capacity;
			return (long) Math.ceil(seconds);
		}

	}

}
