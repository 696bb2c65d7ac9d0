package dev.apisec.ratelimit;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the rate-limit backend: its name, how many decisions it failed since startup,
 * and whether it can decide now (for Redis, a PING within the backend's timeout). With
 * {@code on-backend-failure: local}, also who decides now ({@code decidingBy}: the
 * backend's name or {@code local}), how many times decisions switched to local buckets
 * and whether the backend answers ({@code backendAvailable}); the status then stays UP
 * while the backend is gone, since the instance keeps limiting with its own buckets.
 */
public class RateLimitBackendHealthIndicator extends AbstractHealthIndicator {

	private final RateLimitBackend backend;

	private final RateLimitFilter filter;

	public RateLimitBackendHealthIndicator(RateLimitBackend backend, RateLimitFilter filter) {
		super("Rate-limit backend health check failed");
		this.backend = backend;
		this.filter = filter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("backend", this.backend.name())
			.withDetail("backendFailures", this.filter.getBackendFailures());
		LocalRateLimitFallback localFallback = this.filter.localFallback();
		if (localFallback == null) {
			this.backend.checkAvailable();
			builder.up();
			return;
		}
		builder.withDetail("decidingBy", localFallback.isLocal() ? "local" : this.backend.name())
			.withDetail("switchesToLocal", localFallback.getSwitchesToLocal());
		// The instance keeps limiting on its own buckets: DOWN would take it out of a
		// load balancer's rotation, the opposite of what the fallback is for.
		boolean available;
		try {
			this.backend.checkAvailable();
			available = true;
		}
		catch (RuntimeException ex) {
			available = false;
		}
		builder.up().withDetail("backendAvailable", available);
	}

}
