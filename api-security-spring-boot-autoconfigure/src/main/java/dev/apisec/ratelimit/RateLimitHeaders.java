package dev.apisec.ratelimit;

import java.util.List;

import dev.apisec.ratelimit.RateLimitProperties.Headers;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the rate-limit headers of the policies that charged a request.
 * <ul>
 * <li>IETF draft: {@code RateLimit-Policy: "name";q=100;w=60} with one item per limit,
 * and {@code RateLimit: "name";r=42;t=17} with one item per policy, for the limit of that
 * policy with the fewest tokens left ({@code t}: seconds until it is full again).</li>
 * <li>Legacy: {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (seconds) for the most constrained limit of all.</li>
 * </ul>
 */
class RateLimitHeaders {

	private final Headers style;

	public RateLimitHeaders(Headers style) {
		this.style = style;
	}

	void write(HttpServletResponse response, List<RateLimitPolicy> policies, List<RateLimitDecision> decisions) {
		if (this.style == Headers.NONE || policies.isEmpty()) {
			return;
		}
		if (this.style == Headers.LEGACY) {
			writeLegacy(response, policies, decisions);
			return;
		}
		StringBuilder policyHeader = new StringBuilder();
		StringBuilder stateHeader = new StringBuilder();
		for (int p = 0; p < policies.size(); p++) {
			RateLimitPolicy policy = policies.get(p);
			for (RateLimitPolicy.Limit limit : policy.getLimits()) {
				append(policyHeader, limit.name()).append(";q=")
					.append(limit.capacity())
					.append(";w=")
					.append(Math.max(1, limit.period().toSeconds()));
			}
			RateLimitDecision decision = decisions.get(p);
			int binding = decision.bindingLimit(policy.getLimits());
			RateLimitPolicy.Limit limit = policy.getLimits().get(binding);
			long remaining = Math.max(0, decision.remaining()[binding]);
			append(stateHeader, limit.name()).append(";r=")
				.append(remaining)
				.append(";t=")
				.append(limit.secondsUntilFull(remaining));
		}
		response.setHeader("RateLimit-Policy", policyHeader.toString());
		response.setHeader("RateLimit", stateHeader.toString());
	}

	private static StringBuilder append(StringBuilder header, String name) {
		if (!header.isEmpty()) {
			header.append(", ");
		}
		return header.append('"').append(name).append('"');
	}

	private void writeLegacy(HttpServletResponse response, List<RateLimitPolicy> policies,
			List<RateLimitDecision> decisions) {
		RateLimitPolicy.Limit tightest = null;
		long tightestRemaining = Long.MAX_VALUE;
		for (int p = 0; p < policies.size(); p++) {
			RateLimitDecision decision = decisions.get(p);
			int binding = decision.bindingLimit(policies.get(p).getLimits());
			long remaining = Math.max(0, decision.remaining()[binding]);
			if (tightest == null || remaining < tightestRemaining) {
				tightest = policies.get(p).getLimits().get(binding);
				tightestRemaining = remaining;
			}
		}
		response.setHeader("X-RateLimit-Limit", Long.toString(tightest.capacity()));
		response.setHeader("X-RateLimit-Remaining", Long.toString(tightestRemaining));
		response.setHeader("X-RateLimit-Reset", Long.toString(tightest.secondsUntilFull(tightestRemaining)));
	}

}
