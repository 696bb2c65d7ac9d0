package dev.apisec.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one rate-limit decision, uncontended (one thread): a
 * {@link MemoryRateLimitBackend} and a {@link RedisRateLimitBackend} on a real Redis over
 * loopback, for one hot client key or a rotation over many keys. The limit is never
 * reached, so every decision takes a token and writes the bucket. {@code redisRoundTrip}
 * is the floor: one Lettuce round trip to the same Redis.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RateLimitBenchmark {

	private static final int MANY_KEYS = 100_000;

	@Benchmark
	public RateLimitDecision memory(MemoryBackend state, Keys keys) {
		return state.backend.tryConsume(state.policy, keys.next());
	}

	@Benchmark
	public RateLimitDecision redis(RedisBackend state, Keys keys) {
		return state.backend.tryConsume(state.policy, keys.next());
	}

	/**
	 * The floor of a Redis decision: one round trip (PING) on a connection of its own.
	 * @param state the Redis
	 * @return the reply
	 */
	@Benchmark
	public String redisRoundTrip(RedisBackend state) {
		return state.ping.sync().ping();
	}

	static RateLimitPolicy policy() {
		// Never reached within a run: measures a granted decision.
		return new RateLimitPolicy("bench", (request) -> true, (request, authentication) -> null,
				List.of(new RateLimitPolicy.Limit("bench", 1_000_000_000L, Duration.ofHours(1))), 1);
	}

	/**
	 * The client keys of one thread: always the same, or a rotation over many.
	 */
	@State(Scope.Thread)
	public static class Keys {

		@Param({ "one", "many" })
		public String keys;

		private String[] clientKeys;

		private int next;

		@Setup
		public void setUp() {
			int count = "one".equals(this.keys) ? 1 : MANY_KEYS;
			this.clientKeys = new String[count];
			for (int i = 0; i < count; i++) {
				this.clientKeys[i] = "ip:10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
			}
		}

		String next() {
			String key = this.clientKeys[this.next];
			this.next = (this.next + 1 == this.clientKeys.length) ? 0 : this.next + 1;
			return key;
		}

	}

	@State(Scope.Benchmark)
	public static class MemoryBackend {

		MemoryRateLimitBackend backend;

		RateLimitPolicy policy;

		@Setup
		public void setUp() {
			this.backend = new MemoryRateLimitBackend(MANY_KEYS, Duration.ofHours(1));
			this.policy = policy();
		}

	}

	@State(Scope.Benchmark)
	public static class RedisBackend {

		BenchmarkRedis redis;

		RedisClient client;

		RedisRateLimitBackend backend;

		RateLimitPolicy policy;

		StatefulRedisConnection<String, String> ping;

		@Setup
		public void setUp() {
			this.redis = BenchmarkRedis.start();
			this.client = RedisClient.create(this.redis.url());
			this.ping = this.client.connect();
			RateLimitProperties.Redis properties = new RateLimitProperties().getRedis();
			properties.setKeyPrefix("bench:" + UUID.randomUUID() + ":");
			this.backend = new RedisRateLimitBackend(() -> this.client, properties, MANY_KEYS, Duration.ofHours(1));
			this.policy = policy();
			// A cold JVM may take longer than the timeout to connect: retry, then fail
			// with the reason.
			this.backend.connectInBackground();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				try {
					this.backend.tryConsume(this.policy, "setup");
					return;
				}
				catch (RateLimitBackendException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
				}
			}
		}

		@TearDown
		public void tearDown() throws IOException {
			this.backend.close();
			this.ping.close();
			this.client.shutdown();
			this.redis.close();
		}

	}

}
