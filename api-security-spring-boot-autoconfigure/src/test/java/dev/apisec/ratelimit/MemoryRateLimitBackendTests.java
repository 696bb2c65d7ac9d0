package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryRateLimitBackendTests {

	private static RateLimitPolicy policy(String name, long cost, RateLimitPolicy.Limit... limits) {
		return new RateLimitPolicy(name, (request) -> true, (request, authentication) -> null, List.of(limits), cost);
	}

	@Test
	void sixteenThreadsHammeringOneKeyAdmitExactlyTheCapacity() throws Exception {
		RateLimitPolicy policy = policy("exact", 1, new RateLimitPolicy.Limit("exact", 100, Duration.ofHours(1)));
		MemoryRateLimitBackend backend = new MemoryRateLimitBackend(1000, Duration.ofHours(1));
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				tasks.add(() -> {
					int allowed = 0;
					for (int i = 0; i < 200; i++) {
						if (backend.tryConsume(policy, "hot").allowed()) {
							allowed++;
						}
					}
					return allowed;
				});
			}
			int total = 0;
			for (Future<Integer> result : pool.invokeAll(tasks)) {
				total += result.get();
			}
			assertThat(total).isEqualTo(100);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void burstAndSteadyLimitsMustBothAllow() {
		RateLimitPolicy policy = policy("orders", 1, new RateLimitPolicy.Limit("burst", 3, Duration.ofHours(1)),
				new RateLimitPolicy.Limit("steady", 5, Duration.ofDays(1)));
		MemoryRateLimitBackend backend = new MemoryRateLimitBackend(1000, Duration.ofDays(1));
		RateLimitDecision first = backend.tryConsume(policy, "alice");
		assertThat(first.allowed()).isTrue();
		assertThat(first.remaining()).containsExactly(2, 4);
		assertThat(first.bindingLimit(policy.getLimits())).isZero();
		backend.tryConsume(policy, "alice");
		backend.tryConsume(policy, "alice");
		RateLimitDecision refused = backend.tryConsume(policy, "alice");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.nanosToWait()).isPositive();
		assertThat(backend.tryConsume(policy, "bob").allowed()).isTrue();
	}

	@Test
	void steadyLimitBindsWhenItHasFewerTokensLeft() {
		RateLimitPolicy policy = policy("p", 1, new RateLimitPolicy.Limit("burst", 10, Duration.ofSeconds(1)),
				new RateLimitPolicy.Limit("steady", 2, Duration.ofHours(1)));
		MemoryRateLimitBackend backend = new MemoryRateLimitBackend(1000, Duration.ofHours(1));
		RateLimitDecision decision = backend.tryConsume(policy, "k");
		assertThat(decision.remaining()).containsExactly(9, 1);
		assertThat(decision.bindingLimit(policy.getLimits())).isEqualTo(1);
	}

	@Test
	void costTakesSeveralTokens() {
		RateLimitPolicy policy = policy("costly", 2, new RateLimitPolicy.Limit("costly", 5, Duration.ofHours(1)));
		MemoryRateLimitBackend backend = new MemoryRateLimitBackend(1000, Duration.ofHours(1));
		assertThat(backend.tryConsume(policy, "k").allowed()).isTrue();
		assertThat(backend.tryConsume(policy, "k").allowed()).isTrue();
		assertThat(backend.tryConsume(policy, "k").allowed()).isFalse();
	}

	@Test
	void aMillionDistinctClientsDoNotGrowMemoryBeyondMaxKeys() {
		RateLimitPolicy policy = policy("flood", 1, new RateLimitPolicy.Limit("flood", 10, Duration.ofMinutes(1)));
		MemoryRateLimitBackend backend = new MemoryRateLimitBackend(10_000, Duration.ofMinutes(1));
		for (int i = 0; i < 1_000_000; i++) {
			backend.tryConsume(policy, "ip:10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF));
		}
		assertThat(backend.size()).isLessThanOrEqualTo(10_000);
	}

}
