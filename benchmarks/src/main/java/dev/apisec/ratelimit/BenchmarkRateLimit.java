package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;

/**
 * The rate limiting of one request for benchmarks of a whole request: one policy on
 * {@code /bench/**} keyed by principal, built by {@link RateLimitPolicies#from} from
 * {@link RateLimitProperties}, on the {@link MemoryRateLimitBackend} the
 * auto-configuration creates, and decided as {@link RateLimitFilter} decides it (policy
 * match, key, backend). The limit is never reached within a run, so every decision is
 * granted and writes the bucket. Public because the benchmarks of the whole path live in
 * the package of the chain ({@code dev.apisec.authorization}).
 */
public final class BenchmarkRateLimit {

	private final RateLimitPolicies policies;

	private final MemoryRateLimitBackend backend;

	/**
	 * Build the policy and the memory backend.
	 */
	public BenchmarkRateLimit() {
		RateLimitProperties properties = new RateLimitProperties();
		RateLimitProperties.Policy policy = new RateLimitProperties.Policy();
		policy.setName("bench");
		policy.setPaths(List.of("/bench/**"));
		policy.setKey("principal");
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit();
		limit.setName("bench");
		limit.setCapacity(1_000_000_000L);
		limit.setPeriod(Duration.ofHours(1));
		policy.setLimits(List.of(limit));
		properties.getPolicies().add(policy);
		this.policies = RateLimitPolicies.from(properties);
		this.backend = new MemoryRateLimitBackend(properties.getMaxKeys(), this.policies.longestPeriod());
	}

	/**
	 * Decide one request as the filter does with its first matching policy.
	 * @param request the request
	 * @param authentication the request's authentication
	 * @param clientAddress the client address, the key when there is no principal
	 * @return the decision, or {@code null} when no policy matches the request
	 */
	public RateLimitDecision decide(HttpServletRequest request, Authentication authentication, String clientAddress) {
		for (RateLimitPolicy policy : this.policies.policies()) {
			if (policy.matches(request)) {
				return this.backend.tryConsume(policy,
						RateLimitPolicies.key(policy, request, authentication, clientAddress));
			}
		}
		return null;
	}

	/**
	 * Return the number of client keys the backend holds buckets for.
	 * @return the number of buckets
	 */
	public long buckets() {
		return this.backend.size();
	}

}
