package dev.apisec.ratelimit;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code apisec.ratelimit.requests} counter, tagged {@code policy} and
 * {@code outcome} ({@code allowed}, {@code rejected}, {@code backend_error}). Counters
 * are registered once per policy at startup, so the request path only increments. The
 * {@code apisec.ratelimit.backend.switches} counter, tagged {@code to} ({@code local}, or
 * the backend's name), counts the rare switches of {@code on-backend-failure: local}.
 */
class MicrometerRateLimitMetrics implements RateLimitMetrics {

	static final String NAME = "apisec.ratelimit.requests";

	static final String SWITCHES = "apisec.ratelimit.backend.switches";

	private static final String[] OUTCOMES = { "allowed", "rejected", "backend_error" };

	private final Map<String, Counter[]> counters = new HashMap<>();

	private final MeterRegistry registry;

	MicrometerRateLimitMetrics(MeterRegistry registry, RateLimitPolicies policies, String backendName) {
		this.registry = registry;
		// Both series from startup, so a dashboard sees zeros rather than a series that
		// appears later.
		switches("local");
		switches(backendName);
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

	@Override
	public void backendSwitched(String to) {
		switches(to).increment();
	}

	// Registered again on each switch (a lookup once registered): switches are rare.
	private Counter switches(String to) {
		return Counter.builder(SWITCHES)
			.description("Switches of rate-limit decisions between the backend and local buckets")
			.tag("to", to)
			.register(this.registry);
	}

	private void increment(RateLimitPolicy policy, int outcome) {
		Counter[] byOutcome = this.counters.get(policy.getName());
		if (byOutcome != null) {
			byOutcome[outcome].increment();
		}
	}

}
