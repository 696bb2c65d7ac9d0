package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.apisec.ratelimit.RateLimitProperties.OnBackendFailure;
import dev.apisec.support.ApiSecConfigurationException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@code on-backend-failure: local} mode: while the backend cannot decide, this
 * instance keeps limiting with buckets of its own memory, at the policies' limits or a
 * share of them. The first failure switches to local buckets; from then on one request
 * per probe interval tries the backend again, and the first of those probes that the
 * backend decides switches back. Each switch is logged once and counted, not each
 * request.
 */
final class LocalRateLimitFallback {

	static final String SHARE_PROPERTY = "apisec.rate-limit.local-fallback.share";

	// One request a second tries the backend while local: a Redis that hangs costs at
	// most one timeout a second, not one per request.
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(LocalRateLimitFallback.class);

	private final String backendName;

	private final double share;

	private final RateLimitMetrics metrics;

	private final TimeMeter clock;

	private final MemoryRateLimitBackend buckets;

	private final AtomicBoolean local = new AtomicBoolean();

	private final AtomicLong nextProbeNanos = new AtomicLong();

	private final AtomicLong switchesToLocal = new AtomicLong();

	private volatile long localSinceNanos;

	/**
	 * Create the fallback of a backend.
	 * @param backendName the backend's name, for logs
	 * @param policies the policies
	 * @param share fraction of each limit the local buckets allow, in (0, 1]
	 * @param maxKeys most local buckets kept
	 * @param metrics counts the switches
	 * @param clock the clock of the local buckets and of the probes
	 */
	LocalRateLimitFallback(String backendName, RateLimitPolicies policies, double share, long maxKeys,
			RateLimitMetrics metrics, TimeMeter clock) {
		this.backendName = backendName;
		this.share = checkShare(share);
		this.metrics = metrics;
		this.clock = clock;
		Map<String, BucketConfiguration> configurations = new HashMap<>();
		for (RateLimitPolicy policy : policies.policies()) {
			configurations.put(policy.getName(), policy.bucketConfiguration(this.share));
		}
		this.buckets = new MemoryRateLimitBackend(maxKeys, policies.longestPeriod(), clock,
				(policy) -> configurations.get(policy.getName()));
	}

	/**
	 * Return the fallback {@code apisec.rate-limit.*} configures: none unless
	 * {@code on-backend-failure} is {@code local}. The share is checked either way, so
	 * that a wrong value fails at startup, not when the mode is changed.
	 * @param properties the rate-limit properties
	 * @param policies the policies
	 * @param backend the backend whose failures the fallback covers
	 * @param metrics counts the switches
	 * @return the fallback, or {@code null}
	 */
	static LocalRateLimitFallback configured(RateLimitProperties properties, RateLimitPolicies policies,
			RateLimitBackend backend, RateLimitMetrics metrics) {
		double share = checkShare(properties.getLocalFallback().getShare());
		if (properties.getOnBackendFailure() != OnBackendFailure.LOCAL) {
			return null;
		}
		return new LocalRateLimitFallback(backend.name(), policies, share, properties.getMaxKeys(), metrics,
				TimeMeter.SYSTEM_NANOTIME);
	}

	/**
	 * Check the configured share of the limits.
	 * @param share the share
	 * @return the share
	 * @throws ApiSecConfigurationException when it is not in (0, 1]
	 */
	static double checkShare(double share) {
		if (!(share > 0 && share <= 1)) {
			throw new ApiSecConfigurationException(SHARE_PROPERTY,
					"the share of the limits must be more than 0 and at most 1, but is " + share,
					"Set " + SHARE_PROPERTY + " to a fraction such as 0.5 (each instance allows half of every limit "
							+ "while the backend is down), or to 1 for the full limits.");
		}
		return share;
	}

	/**
	 * Decide where a decision goes now.
	 * @return {@link Route#BACKEND} while the backend decides, else {@link Route#PROBE}
	 * for one request per probe interval and {@link Route#LOCAL} for the others
	 */
	Route route() {
		if (!this.local.get()) {
			return Route.BACKEND;
		}
		long now = this.clock.currentTimeNanos();
		long next = this.nextProbeNanos.get();
		return (now - next >= 0 && this.nextProbeNanos.compareAndSet(next, now + PROBE_INTERVAL.toNanos()))
				? Route.PROBE : Route.LOCAL;
	}

	/**
	 * The backend decided a request that was routed to it: after a probe, limits are
	 * shared again.
	 * @param route how the request was routed
	 */
	void backendDecided(Route route) {
		if (route == Route.PROBE && this.local.compareAndSet(true, false)) {
			long seconds = Duration.ofNanos(this.clock.currentTimeNanos() - this.localSinceNanos).toSeconds();
			logger.info("Rate-limit backend '" + this.backendName + "' decides again; back to its shared buckets after "
					+ seconds + " s on local buckets");
			this.metrics.backendSwitched(this.backendName);
			// Buckets of this outage would be stale at the next one.
			this.buckets.clear();
		}
	}

	/**
	 * The backend failed to decide: switch to local buckets if not already on them.
	 * @param failure why it failed
	 */
	void backendFailed(RuntimeException failure) {
		if (this.local.compareAndSet(false, true)) {
			long now = this.clock.currentTimeNanos();
			this.localSinceNanos = now;
			this.nextProbeNanos.set(now + PROBE_INTERVAL.toNanos());
			this.switchesToLocal.incrementAndGet();
			logger.warn("Rate-limit backend '" + this.backendName + "' failed (" + failure.getClass().getSimpleName()
					+ ": " + failure.getMessage() + "); limiting with this instance's own buckets at "
					+ Math.round(this.share * 100) + " % of the limits until it decides again");
			this.metrics.backendSwitched("local");
		}
	}

	/**
	 * Take the policy's cost from the client's local bucket.
	 * @param policy the policy
	 * @param key the client's key within the policy
	 * @return the decision
	 */
	RateLimitDecision tryConsume(RateLimitPolicy policy, String key) {
		return this.buckets.tryConsume(policy, key);
	}

	/**
	 * Return whether decisions are made by local buckets now.
	 * @return whether the backend is replaced by local buckets
	 */
	boolean isLocal() {
		return this.local.get();
	}

	/**
	 * Return how many times decisions switched to local buckets since startup.
	 * @return the number of switches
	 */
	long getSwitchesToLocal() {
		return this.switchesToLocal.get();
	}

	/**
	 * Where a decision goes.
	 */
	enum Route {

		/** The backend decides. */
		BACKEND,

		/** Local buckets decide, but this request tries the backend first. */
		PROBE,

		/** Local buckets decide. */
		LOCAL

	}

}
