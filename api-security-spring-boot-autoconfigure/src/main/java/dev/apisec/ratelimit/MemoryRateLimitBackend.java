package dev.apisec.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.local.LocalBucketBuilder;

/**
 * Buckets in this instance's memory: bucket4j's lock-free local buckets in a Caffeine cache
 * bounded by {@code max-keys}. A bucket idle for the longest period of all policies is full
 * again, so it expires then; a flood of distinct clients evicts the least used buckets
 * rather than growing memory.
 */
public class MemoryRateLimitBackend implements RateLimitBackend {

	private final Cache<String, Bucket> buckets;

	public MemoryRateLimitBackend(long maxKeys, Duration idleExpiry) {
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

	private static Bucket newBucket(RateLimitPolicy policy) {
		LocalBucketBuilder builder = Bucket.builder();
		for (Bandwidth bandwidth : policy.bucketConfiguration().getBandwidths()) {
			builder.addLimit(bandwidth);
		}
		return builder.build();
	}

	@Override
	public String name() {
		return "memory";
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
