package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.apisec.ratelimit.RateLimitProperties.Optimization;
import io.lettuce.core.RedisClient;

/**
 * 400 decisions released at the same instant on one client key of the Redis backend, as
 * 400 concurrent requests of one hot client would be, with the default 500 ms timeout.
 * For each optimization and round it prints how many were admitted, refused and failed
 * (timed out), and the latencies. Exits with 1 when batching timed out or admitted other
 * than exactly the capacity.
 * <p>
 * Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.apisec.ratelimit.RedisHotKeyHarness}
 */
public final class RedisHotKeyHarness {

	private static final int CONCURRENT = 400;

	private static final int CAPACITY = 100;

	private static final int ROUNDS = 5;

	private RedisHotKeyHarness() {
	}

	public static void main(String[] args) throws Exception {
		boolean batchingExact = true;
		try (BenchmarkRedis redis = BenchmarkRedis.start()) {
			RedisClient client = RedisClient.create(redis.url());
			try {
				for (Optimization optimization : Optimization.values()) {
					batchingExact &= run(client, optimization) || optimization != Optimization.BATCHING;
				}
			}
			finally {
				client.shutdown();
			}
		}
		System.out.println(batchingExact ? "OK: batching admitted exactly the capacity with no timeouts"
				: "FAILED: batching timed out or was not exact");
		System.exit(batchingExact ? 0 : 1);
	}

	private static boolean run(RedisClient client, Optimization optimization) throws InterruptedException {
		RateLimitProperties.Redis properties = new RateLimitProperties().getRedis();
		properties.setKeyPrefix("hot-key:" + UUID.randomUUID() + ":");
		properties.setOptimization(optimization);
		boolean exact = true;
		try (RedisRateLimitBackend backend = new RedisRateLimitBackend(() -> client, properties, 10_000,
				Duration.ofHours(1))) {
			RateLimitPolicy policy = new RateLimitPolicy("hot", (request) -> true, (request, authentication) -> null,
					List.of(new RateLimitPolicy.Limit("hot", CAPACITY, Duration.ofHours(1))), 1);
			warmUp(backend, policy);
			for (int round = 1; round <= ROUNDS; round++) {
				exact &= round(backend, policy, optimization, "hot-" + round);
			}
		}
		return exact;
	}

	// A cold JVM takes longer than the timeout to connect and to decide the first time.
	private static void warmUp(RedisRateLimitBackend backend, RateLimitPolicy policy) {
		backend.connectInBackground();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int decided = 0;
		while (decided < 200) {
			try {
				backend.tryConsume(policy, "warm-up");
				decided++;
			}
			catch (RateLimitBackendException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
		}
	}

	private static boolean round(RedisRateLimitBackend backend, RateLimitPolicy policy, Optimization optimization,
			String key) throws InterruptedException {
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		long[] nanos = new long[CONCURRENT];
		CountDownLatch ready = new CountDownLatch(CONCURRENT);
		CountDownLatch start = new CountDownLatch(1);
		Thread[] threads = new Thread[CONCURRENT];
		for (int i = 0; i < CONCURRENT; i++) {
			int index = i;
			threads[i] = new Thread(() -> {
				ready.countDown();
				awaitQuietly(start);
				long begin = System.nanoTime();
				try {
					(backend.tryConsume(policy, key).allowed() ? admitted : refused).incrementAndGet();
				}
				catch (RateLimitBackendException ex) {
					failed.incrementAndGet();
				}
				nanos[index] = System.nanoTime() - begin;
			});
			threads[i].start();
		}
		ready.await();
		long begin = System.nanoTime();
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long wall = System.nanoTime() - begin;
		Arrays.sort(nanos);
		System.out.printf(
				"%-8s %s: admitted %3d, refused %3d, failed %3d; latency ms p50 %6.1f p99 %6.1f max %6.1f; "
						+ "all done in %6.1f ms%n",
				optimization, key, admitted.get(), refused.get(), failed.get(), millis(nanos[CONCURRENT / 2]),
				millis(nanos[CONCURRENT * 99 / 100]), millis(nanos[CONCURRENT - 1]), millis(wall));
		return failed.get() == 0 && admitted.get() == CAPACITY;
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000d;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
