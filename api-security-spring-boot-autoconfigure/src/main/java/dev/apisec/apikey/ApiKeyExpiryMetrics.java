package dev.apisec.apikey;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@code apisec.apikey.expiring} gauge: how many keys expire within
 * {@code apisec.api-keys.expiry-warning}, {@code NaN} while the store cannot be read.
 * Micrometer is optional: only this class and the configuration that creates it name its
 * types.
 */
final class ApiKeyExpiryMetrics implements MeterBinder {

	private final ApiKeyExpiryReport report;

	ApiKeyExpiryMetrics(ApiKeyExpiryReport report) {
		this.report = report;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("apisec.apikey.expiring", this.report, ApiKeyExpiryMetrics::expiringCount)
			.description("API keys that expire within apisec.api-keys.expiry-warning")
			.register(registry);
	}

	private static double expiringCount(ApiKeyExpiryReport report) {
		try {
			return report.expiringKeys().size();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
