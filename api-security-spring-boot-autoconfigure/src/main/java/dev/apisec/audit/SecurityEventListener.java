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

	/**
	 * Return whether this listener wants events of a type. An event that no listener
	 * wants is not built at all, so a listener that ignores, say, successes should say so
	 * here: an authenticated request then costs nothing. Called for every event, so it
	 * must be cheap; the answer may change while the application runs (a log level, for
	 * example).
	 * @param type the event's type
	 * @param method how the caller authenticated ({@value SecurityEvent#JWT},
	 * {@value SecurityEvent#API_KEY}, {@value SecurityEvent#MTLS}), or {@code null} when
	 * the event is not about authentication or the method is not known
	 * @return whether {@link #onSecurityEvent} wants such an event; {@code true} by
	 * default
	 */
	default boolean supports(SecurityEventType type, String method) {
		return true;
	}

}
