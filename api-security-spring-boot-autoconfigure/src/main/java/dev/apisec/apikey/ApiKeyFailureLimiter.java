package dev.apisec.apikey;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apisec.support.ApiSecConfigurationException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;

/**
 * Counts failed API-key attempts per client address in bucket4j local buckets held in a
 * bounded Caffeine cache, so that a client cannot enumerate keys: once its bucket is
 * empty, it is refused before any key lookup until the bucket refills.
 */
class ApiKeyFailureLimiter {

	private static final String PREFIX = "apisec.api-keys.failure-limit";

	private final Cache<String, Bucket> buckets;

	private final long capacity;

	private final Duration period;

	ApiKeyFailureLimiter(long capacity, Duration period, long maxClients) {
		this.capacity = capacity;
		this.period = period;
		this.buckets = Caffeine.newBuilder().maximumSize(maxClients).expireAfterAccess(period).build();
	}

	/**
	 * Return the limiter {@code apisec.api-keys.failure-limit.*} configures, once its
	 * values are checked.
	 * @param limit the configured limit
	 * @return the limiter
	 * @throws ApiSecConfigurationException when a value is out of range
	 */
	static ApiKeyFailureLimiter configured(ApiKeyProperties.FailureLimit limit) {
		if (limit.getCapacity() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".capacity", "the capacity must be at least 1",
					"Set " + PREFIX + ".capacity to the failed attempts allowed per period.");
		}
		if (limit.getPeriod() == null || limit.getPeriod().toMillis() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".period", "the period must be positive",
					"Set " + PREFIX + ".period to a duration such as 1m.");
		}
		if (limit.getMaxClients() < 1) {
			throw new ApiSecConfigurationException(PREFIX + ".max-clients", "the maximum must be at least 1",
					"Set " + PREFIX + ".max-clients, e.g. 100000.");
		}
		return new ApiKeyFailureLimiter(limit.getCapacity(), limit.getPeriod(), limit.getMaxClients());
	}

	/**
	 * Return how long the client must wait before its next attempt, zero if it may try
	 * now.
	 * @param client the client address
	 * @return the wait
	 */
	Duration waitBeforeAttempt(String client) {
		Bucket bucket = this.buckets.getIfPresent(client);
		if (bucket == null) {
			return Duration.ZERO;
		}
		EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		return probe.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	/**
	 * Record a failed attempt of the client.
	 * @param client the client address
	 */
	void recordFailure(String client) {
		this.buckets.get(client, (key) -> newBucket()).tryConsume(1);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(this.capacity).refillGreedy(this.capacity, this.period).build())
			.build();
	}

}
