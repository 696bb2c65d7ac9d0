package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * Buckets in this instance's memory: bucket4j's lock-free local buckets in a Caffeine
 * cache bounded by {@code max-keys}. A bucket idle for the longest period of all policies
 * is full again, so it expires then; a flood of distinct clients evicts the least used
 * buckets rather than growing memory.
 */
public class MemoryRateLimitBackend implements RateLimitBackend {

	private final Cache<String, Bucket> buckets;

	private final TimeMeter clock;

	private final Function<RateLimitPolicy, BucketConfiguration> configurations;

	public MemoryRateLimitBackend(long maxKeys, Duration idleExpiry) {
		this(maxKeys, idleExpiry, TimeMeter.SYSTEM_MILLISECONDS, RateLimitPolicy::bucketConfiguration);
	}

	/**
	 * Create buckets on a clock of the caller's, with limits of the caller's per policy
	 * (the local fallback's: a share of each policy's limits).
	 * @param maxKeys most buckets kept
	 * @param idleExpiry time after which an unused bucket is dropped
	 * @param clock the clock of the buckets
	 * @param configurations the limits of a policy's buckets
	 */
	MemoryRateLimitBackend(long maxKeys, Duration idleExpiry, TimeMeter clock,
			Function<RateLimitPolicy, BucketConfiguration> configurations) {
		this.clock = clock;
		this.configurations = configurations;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfterAccess((idleExpiry.isZero() || idleExpiry.isNegative()) ? Duration.ofMinutes(1) : idleExpiry)
			.build();
	}

	@Override
	public RateLimitDecision tryConsume(RateLimitPolicy policy, String key) {
		Bucket bucket = this.buckets.get(policy.getName() + '\u0000' + key, (k) -> newBucket(policy));
		VerboseResult<ConsumptionProbe> result = bucket.asVerbose().tryConsumeAndReturnRemaining(policy.getCost());
		ConsumptionProbe probe = result.getValue();
		return new RateLimitDecision(probe.isConsumed(), result.getDiagnostics().getAvailableTokensPerEachBandwidth(),
				probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill());
	}

	private Bucket newBucket(RateLimitPolicy policy) {
		LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(this.clock);
		for (Bandwidth bandwidth : this.configurations.apply(policy).getBandwidths()) {
			builder.addLimit(bandwidth);
		}
		return builder.build();
	}

	@Override
	public String name() {
		return "memory";
	}

	/**
	 * Drop every bucket: the next request of each client starts with a full one.
	 */
	void clear() {
		this.buckets.invalidateAll();
	}

	/**
	 * Return the number of buckets held, after pending evictions.
	 * @return the number of buckets
	 */
	public long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

}
