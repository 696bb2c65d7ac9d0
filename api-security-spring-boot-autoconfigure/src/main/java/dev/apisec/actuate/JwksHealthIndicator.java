package dev.apisec.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.apisec.jwt.KeyStatus;
import dev.apisec.jwt.TrustedIssuer;
import dev.apisec.jwt.TrustedIssuers;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Health of the issuers' keys: DOWN when an issuer never obtained keys (its tokens are
 * answered with 503), UP otherwise, with {@code stale: true} when the last refresh failed
 * and the keys held are older than they should be.
 */
public class JwksHealthIndicator extends AbstractHealthIndicator {

	private final TrustedIssuers issuers;

	public JwksHealthIndicator(TrustedIssuers issuers) {
		super("JWKS health check failed");
		this.issuers = issuers;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean allHaveKeys = true;
		boolean anyStale = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (TrustedIssuer issuer : this.issuers.all()) {
			KeyStatus status = issuer.getKeyStatus();
			boolean stale = status.hasKeys() && status.lastError() != null;
			allHaveKeys &= status.hasKeys();
			anyStale |= stale;
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("status", status.hasKeys() ? "UP" : "DOWN");
			entry.put("source", status.source());
			entry.put("keys", status.keyIds().size());
			entry.put("stale", stale);
			putIfSet(entry, "lastRefresh", status.lastRefresh());
			putIfSet(entry, "nextRefresh", status.nextRefresh());
			putIfSet(entry, "lastError", status.lastError());
			putIfSet(entry, "lastErrorAt", status.lastErrorAt());
			details.put(issuer.getIssuer(), entry);
		}
		builder.status(allHaveKeys ? Status.UP : Status.DOWN);
		builder.withDetail("stale", anyStale).withDetail("issuers", details);
	}

	private static void putIfSet(Map<String, Object> entry, String name, Object value) {
		if (value != null) {
			entry.put(name, value.toString());
		}
	}

}
