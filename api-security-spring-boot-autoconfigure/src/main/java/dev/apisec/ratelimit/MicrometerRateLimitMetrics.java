package dev.apisec.ratelimit;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code apisec.ratelimit.requests} counter, tagged {@code policy} and {@code outcome}
 * ({@code allowed}, {@code rejected}, {@code backend_error}). Counters are registered once
 * per policy at startup, so the request path only increments.
 */
class MicrometerRateLimitMetrics implements RateLimitMetrics {

	static final String NAME = "apisec.ratelimit.requests";

	private static final String[] OUTCOMES = { "allowed", "rejected", "backend_error" };

	private final Map<String, Counter[]> counters = new HashMap<>();

	MicrometerRateLimitMetrics(MeterRegistry registry, RateLimitPolicies policies) {
		for (RateLimitPolicy policy : policies.policies()) {
			Counter[] byOutcome = new Counter[OUTCOMES.length];
			for (int i = 0; i < OUTCOMES.length; i++) {
				byOutcome[i] = Counter.builder(NAME)
					.description("Requests charged to a rate-limit policy, by outcome")
					.tag("policy", policy.getName())
					.tag("outcome", OUTCOMES[i])
					.register(registry);
			}
			this.counters.put(policy.getName(), byOutcome);
		}
	}

	@Override
	public void allowed(RateLimitPolicy policy) {
		increment(policy, 0);
	}

	@Override
	public void rejected(RateLimitPolicy policy) {
		increment(policy, 1);
	}

	@Override
	public void backendError(RateLimitPolicy policy) {
		increment(policy, 2);
	}

	private void increment(RateLimitPolicy policy, int outcome) {
		Counter[] byOutcome = this.counters.get(policy.getName());
		if (byOutcome != null) {
			byOutcome[outcome].increment();
		}
	}

}
