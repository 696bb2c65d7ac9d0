package dev.apisec.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apisec.ratelimit.RateLimitProperties.Optimization;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.lettuce.core.AbstractRedisClient;

/**
 * Buckets on Redis, shared by every instance of the application: bucket4j's Lettuce proxy
 * manager, on a connection of its own opened from Spring Boot's Lettuce client. A
 * decision reads the bucket and writes it back with a compare-and-swap script, retried on
 * conflict, so instances together never admit more than the limits. A key is
 * {@code key-prefix + policy + ':' + client key} and expires once its bucket would be
 * full again; a bucket stored with other limits than the policy's gets the policy's
 * limits. A decision never waits longer than the timeout.
 * <p>
 * With {@link Optimization#BATCHING}, concurrent decisions for one key in this instance
 * are combined into one compare-and-swap (still exact); the bucket proxies that batch are
 * then kept per key, bounded like the memory backend's buckets.
 */
public class RedisRateLimitBackend implements RateLimitBackend, AutoCloseable {

	// Margin over the time to refill, for clocks of instances that differ a little.
	private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(1);

	private final RedisRateLimitConnection connection;

	private final String keyPrefix;

	private final long timeoutNanos;

	private final Cache<String, AsyncBucketProxy> batchingBuckets;

	/**
	 * Create a backend that connects to Redis in the background or when first used.
	 * @param client supplies Spring Boot's Lettuce client, a {@code RedisClient} or a
	 * {@code RedisClusterClient}
	 * @param redis the Redis settings
	 * @param maxKeys most bucket proxies kept for batching
	 * @param idleExpiry how long an unused bucket proxy is kept for batching
	 */
	public RedisRateLimitBackend(Supplier<AbstractRedisClient> client, RateLimitProperties.Redis redis, long maxKeys,
			Duration idleExpiry) {
		this.connection = new RedisRateLimitConnection(client, redis.getTimeout(),
				ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL));
		this.keyPrefix = redis.getKeyPrefix();
		this.timeoutNanos = redis.getTimeout().toNanos();
		this.batchingBuckets = (redis.getOptimization() != Optimization.BATCHING) ? null
				: Caffeine.newBuilder()
					.maximumSize(maxKeys)
					.expireAfterAccess(
							(idleExpiry.isZero() || idleExpiry.isNegative()) ? Duration.ofMinutes(1) : idleExpiry)
					.build();
	}

	/**
	 * Start connecting to Redis in the background; startup does not wait for it, and does
	 * not fail when Redis is down.
	 */
	public void connectInBackground() {
		this.connection.openInBackground();
	}

	@Override
	public RateLimitDecision tryConsume(RateLimitPolicy policy, String key) {
		long deadline = System.nanoTime() + this.timeoutNanos;
		RedisRateLimitConnection.Open redis = this.connection.get(deadline);
		String redisKey = this.keyPrefix + policy.getName() + ':' + key;
		AsyncBucketProxy bucket = (this.batchingBuckets != null)
				? this.batchingBuckets.get(redisKey, (k) -> bucket(redis, k, policy, true))
				: bucket(redis, redisKey, policy, false);
		VerboseResult<ConsumptionProbe> result = RedisRateLimitConnection
			.await(bucket.asVerbose().tryConsumeAndReturnRemaining(policy.getCost()), deadline);
		ConsumptionProbe probe = result.getValue();
		long[] remaining = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
		if (!policy.bucketConfiguration().equals(result.getConfiguration())) {
			remaining = replaceLimits(bucket, policy, deadline);
		}
		return new RateLimitDecision(probe.isConsumed(), remaining,
				probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill());
	}

	/**
	 * The bucket was stored with other limits (the policy changed, or an instance with
	 * the old policy wrote it): bucket4j would keep deciding by the stored limits until
	 * the key expires, which a busy client's key never does. Replace them, keeping the
	 * tokens taken.
	 */
	private static long[] replaceLimits(AsyncBucketProxy bucket, RateLimitPolicy policy, long deadline) {
		RedisRateLimitConnection.await(
				bucket.replaceConfiguration(policy.bucketConfiguration(), TokensInheritanceStrategy.AS_IS), deadline);
		return RedisRateLimitConnection.await(bucket.asVerbose().getAvailableTokens(), deadline)
			.getDiagnostics()
			.getAvailableTokensPerEachBandwidth();
	}

	private static AsyncBucketProxy bucket(RedisRateLimitConnection.Open redis, String redisKey, RateLimitPolicy policy,
			boolean batching) {
		RemoteAsyncBucketBuilder<byte[]> builder = redis.proxyManager().asAsync().builder();
		if (batching) {
			builder.withOptimization(Optimizations.batching());
		}
		return builder.build(redisKey.getBytes(StandardCharsets.UTF_8), policy.bucketConfiguration());
	}

	/**
	 * Check that Redis answers a PING within the timeout.
	 */
	@Override
	public void checkAvailable() {
		long deadline = System.nanoTime() + this.timeoutNanos;
		this.connection.get(deadline).ping(deadline);
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
