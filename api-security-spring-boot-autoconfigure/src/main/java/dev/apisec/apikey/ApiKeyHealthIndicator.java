package dev.apisec.apikey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the API-key store: UP when it can be read, with the ids and expiry instants
 * of keys near expiry (never their hashes); DOWN when the store cannot be read.
 */
public class ApiKeyHealthIndicator extends AbstractHealthIndicator {

	private final ApiKeyExpiryReport report;

	public ApiKeyHealthIndicator(ApiKeyExpiryReport report) {
		super("API key store check failed");
		this.report = report;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ApiKeyExpiryReport.ExpiringKey> expiring = this.report.expiringKeys();
		Map<String, String> keys = new LinkedHashMap<>();
		expiring.forEach((key) -> keys.put(key.id(), key.expiresAt().toString()));
		builder.up().withDetail("expiryWarning", this.report.getWindow().toString()).withDetail("expiring", keys);
	}

}
