package dev.apisec.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.apisec.ratelimit.RateLimitProperties.Optimization;
import dev.apisec.test.RedisTestServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Redis backend against a real Redis: exact under concurrency, keys with a TTL, and a
 * bounded failure when Redis is unreachable.
 */
class RedisRateLimitBackendTests {

	static final RedisTestServer redis = RedisTestServer.start();

	static RedisClient client;

	static StatefulRedisConnection<String, String> inspector;

	@BeforeAll
	static void connect() {
		client = RedisClient.create(redis.url());
		inspector = client.connect();
	}

	@AfterAll
	static void stopRedis() {
		inspector.close();
		client.shutdown();
		redis.close();
	}

	private final String keyPrefix = "test:" + UUID.randomUUID() + ":";

	private final List<RedisRateLimitBackend> backends = new ArrayList<>();

	@AfterEach
	void closeBackends() {
		this.backends.forEach(RedisRateLimitBackend::close);
	}

	@ParameterizedTest
	@EnumSource(Optimization.class)
	void sixteenThreadsOnTwoInstancesAdmitExactlyTheCapacityOfOneKey(Optimization optimization)
			throws InterruptedException {
		// Long period: refill during the test is negligible (under one token in an hour).
		RateLimitPolicy policy = policy("hot", new RateLimitPolicy.Limit("hot", 50, Duration.ofHours(1)));
		// Two backends, each with its connection (and batching), stand for two instances.
		RedisRateLimitBackend[] instances = { backend(optimization, Duration.ofSeconds(5)),
				backend(optimization, Duration.ofSeconds(5)) };
		AtomicInteger allowed = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 16; t++) {
			RedisRateLimitBackend instance = instances[t % 2];
			threads.execute(() -> {
				await(start);
				for (int i = 0; i < 10; i++) {
					try {
						(instance.tryConsume(policy, "client").allowed() ? allowed : refused).incrementAndGet();
					}
					catch (RuntimeException ex) {
						failures.add(ex);
					}
				}
			});
		}
		start.countDown();
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(failures).isEmpty();
		assertThat(allowed).hasValue(50);
		assertThat(refused).hasValue(110);
	}

	@Test
	void decisionReportsTheTokensLeftInEachLimit() {
		RateLimitPolicy policy = policy("two-limits", new RateLimitPolicy.Limit("burst", 3, Duration.ofMinutes(1)),
				new RateLimitPolicy.Limit("steady", 100, Duration.ofHours(1)));
		RedisRateLimitBackend backend = backend(Optimization.NONE, Duration.ofSeconds(2));
		assertThat(backend.tryConsume(policy, "client").remaining()).containsExactly(2, 99);
		backend.tryConsume(policy, "client");
		backend.tryConsume(policy, "client");
		RateLimitDecision refused = backend.tryConsume(policy, "client");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.remaining()).containsExactly(0, 97);
		assertThat(refused.nanosToWait()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20).toNanos());
	}

	@Test
	void changedLimitsReplaceTheLimitsOfAStoredBucket() {
		RedisRateLimitBackend backend = backend(Optimization.NONE, Duration.ofSeconds(2));
		RateLimitPolicy before = policy("changing", new RateLimitPolicy.Limit("burst", 10, Duration.ofMinutes(1)),
				new RateLimitPolicy.Limit("steady", 100, Duration.ofHours(1)));
		for (int i = 0; i < 4; i++) {
			backend.tryConsume(before, "client");
		}
		RateLimitPolicy after = policy("changing", new RateLimitPolicy.Limit("burst", 5, Duration.ofMinutes(1)));
		RateLimitDecision decision = backend.tryConsume(after, "client");
		// Five taken before and now: the stored burst of 10 became the policy's 5, tokens
		// kept.
		assertThat(decision.remaining()).containsExactly(5);
		assertThat(backend.tryConsume(after, "client").remaining()).containsExactly(4);
	}

	@Test
	void bucketKeyIsPrefixPolicyAndClientAndExpiresOnceTheBucketWouldBeFull() {
		RateLimitPolicy policy = policy("orders", new RateLimitPolicy.Limit("orders", 10, Duration.ofMinutes(1)));
		RedisRateLimitBackend backend = backend(Optimization.NONE, Duration.ofSeconds(2));
		backend.tryConsume(policy, "ip:10.0.0.1");
		long ttl = inspector.sync().pttl(this.keyPrefix + "orders:ip:10.0.0.1");
		// One token of ten is missing: full again in 6 s, kept 1 s longer.
		assertThat(ttl).isBetween(1_000L, 7_000L);
	}

	@Test
	void clientKeysAreStoredAsUtf8() {
		RateLimitPolicy policy = policy("names", new RateLimitPolicy.Limit("names", 10, Duration.ofMinutes(1)));
		RedisRateLimitBackend backend = backend(Optimization.NONE, Duration.ofSeconds(2));
		backend.tryConsume(policy, "principal:jürgen");
		assertThat(inspector.sync().exists(this.keyPrefix + "names:principal:jürgen")).isOne();
	}

	@Test
	void unreachableRedisFailsWithinTheTimeout() {
		RateLimitPolicy policy = policy("down", new RateLimitPolicy.Limit("down", 10, Duration.ofMinutes(1)));
		RedisClient unreachable = RedisClient.create("redis://127.0.0.1:" + closedPort());
		try {
			RedisRateLimitBackend backend = backend(() -> unreachable, Optimization.NONE, Duration.ofMillis(300));
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				assertThatExceptionOfType(RateLimitBackendException.class)
					.isThrownBy(() -> backend.tryConsume(policy, "client"));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			}
			assertThatExceptionOfType(RateLimitBackendException.class).isThrownBy(backend::checkAvailable);
		}
		finally {
			unreachable.shutdown();
		}
	}

	private RedisRateLimitBackend backend(Optimization optimization, Duration timeout) {
		return backend(() -> client, optimization, timeout);
	}

	private RedisRateLimitBackend backend(Supplier<AbstractRedisClient> client, Optimization optimization,
			Duration timeout) {
		RedisRateLimitBackend backend = new RedisRateLimitBackend(client, redisProperties(optimization, timeout), 1000,
				Duration.ofHours(1));
		this.backends.add(backend);
		return backend;
	}

	private RateLimitProperties.Redis redisProperties(Optimization optimization, Duration timeout) {
		RateLimitProperties.Redis properties = new RateLimitProperties().getRedis();
		properties.setKeyPrefix(this.keyPrefix);
		properties.setTimeout(timeout);
		properties.setOptimization(optimization);
		return properties;
	}

	private static RateLimitPolicy policy(String name, RateLimitPolicy.Limit... limits) {
		return new RateLimitPolicy(name, AnyRequestMatcher.INSTANCE, (request, authentication) -> null, List.of(limits),
				1);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
