package dev.apisec.audit;

/**
 * Told of every security event the starter publishes: authentication successes and
 * failures, denials, rate limiting, API-key expiry and circuits that open. Called on
 * request threads (and at startup), so implementations must be cheap and must not throw.
 * Define beans of this type to observe the events; the starter's own publish Spring Boot
 * audit events, write the audit log and count {@code apisec.auth}.
 */
@FunctionalInterface
public interface SecurityEventListener {

	/**
	 * Handle an event.
	 * @param event the event
	 */
	void onSecurityEvent(SecurityEvent event);

}
