package dev.apisec.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.support.ApiSecConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Keys that expire within the warning window ({@code apisec.api-keys.expiry-warning}):
 * logged as warnings and published as {@code API_KEY_EXPIRING} security events at
 * startup, counted by the {@code apisec.apikey.expiring} gauge and listed by the health
 * indicator. Only ids and expiry instants are reported, never hashes.
 */
public class ApiKeyExpiryReport implements SmartInitializingSingleton {

	private static final String WINDOW_PROPERTY = "apisec.api-keys.expiry-warning";

	private static final Log logger = LogFactory.getLog(ApiKeyExpiryReport.class);

	private final ApiKeyStore store;

	private final Duration window;

	private final Clock clock;

	private final SecurityEvents events;

	/**
	 * Create a report.
	 * @param store the key store
	 * @param window how far ahead expiries are reported
	 * @param clock the clock
	 * @param events where the startup report publishes an {@code API_KEY_EXPIRING} event
	 * per key
	 */
	public ApiKeyExpiryReport(ApiKeyStore store, Duration window, Clock clock, SecurityEvents events) {
		this.store = store;
		this.window = window;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Return the report {@code apisec.api-keys.expiry-warning} configures, once the
	 * window is checked.
	 * @param store the key store
	 * @param window the configured window
	 * @param clock the clock
	 * @param events where the startup report publishes its events
	 * @return the report
	 * @throws ApiSecConfigurationException when the window is negative
	 */
	static ApiKeyExpiryReport configured(ApiKeyStore store, Duration window, Clock clock, SecurityEvents events) {
		if (window == null || window.isNegative()) {
			throw new ApiSecConfigurationException(WINDOW_PROPERTY, "the window must not be negative",
					"Set " + WINDOW_PROPERTY + " to a duration such as 14d, or 0 to report nothing.");
		}
		return new ApiKeyExpiryReport(store, window, clock, events);
	}

	/**
	 * Return the enabled keys that have not expired yet but will within the window.
	 * @return the keys, ordered by expiry
	 */
	public List<ExpiringKey> expiringKeys() {
		Instant now = this.clock.instant();
		return this.store.findExpiring(now, now.plus(this.window))
			.stream()
			.map((key) -> new ExpiringKey(key.id(), key.expiresAt()))
			.toList();
	}

	/**
	 * Return the window ahead of now in which expiries are reported.
	 * @return the window
	 */
	public Duration getWindow() {
		return this.window;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			for (ExpiringKey key : expiringKeys()) {
				logger.warn("API key '" + key.id() + "' expires at " + key.expiresAt()
						+ "; add its successor now so that clients can rotate.");
				this.events.apiKeyExpiring(key.id(), key.expiresAt());
			}
		}
		catch (RuntimeException ex) {
			// A store that cannot be read at startup must not stop the application.
			logger.warn("Cannot check API keys for expiry: " + ex.getMessage());
		}
	}

	/**
	 * A key near its expiry.
	 *
	 * @param id the key id
	 * @param expiresAt when it expires
	 */
	public record ExpiringKey(String id, Instant expiresAt) {
	}

}
