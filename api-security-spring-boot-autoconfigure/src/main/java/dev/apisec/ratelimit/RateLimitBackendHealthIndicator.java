package dev.apisec.ratelimit;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the rate-limit backend: its name, how many decisions it failed since startup,
 * and whether it can decide now (for Redis, a PING within the backend's timeout). With
 * {@code on-backend-failure: local}, also who decides now ({@code decidingBy}: the backend's
 * name or {@code local}) and how many times decisions switched to local buckets.
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
		if (localFallback != null) {
			builder.withDetail("decidingBy", localFallback.isLocal() ? "local" : this.backend.name())
				.withDetail("switchesToLocal", localFallback.getSwitchesToLocal());
		}
		this.backend.checkAvailable();
		builder.up();
	}

}
