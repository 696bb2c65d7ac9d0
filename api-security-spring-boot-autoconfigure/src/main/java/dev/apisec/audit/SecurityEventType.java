package dev.apisec.audit;

/**
 * The kinds of security event the starter publishes. The names are the audit event types:
 * Spring Boot's own where the meaning is the same ({@code AUTHENTICATION_SUCCESS},
 * {@code AUTHENTICATION_FAILURE}, {@code AUTHORIZATION_FAILURE}), the starter's
 * otherwise.
 */
public enum SecurityEventType {

	/**
	 * A request was authenticated by a bearer token, an API key or a client certificate.
	 */
	AUTHENTICATION_SUCCESS,

	/**
	 * Credentials were presented and refused.
	 */
	AUTHENTICATION_FAILURE,

	/**
	 * A rule of the starter's chain, or method security, denied a request.
	 */
	AUTHORIZATION_FAILURE,

	/**
	 * A rate-limit policy, or the limit on failed API-key attempts, refused a request.
	 */
	RATE_LIMITED,

	/**
	 * A request presented an API key that has expired.
	 */
	API_KEY_EXPIRED,

	/**
	 * An API key expires within the warning window (reported at startup).
	 */
	API_KEY_EXPIRING,

	/**
	 * The circuit breaker of an outbound client opened.
	 */
	CIRCUIT_OPENED

}
