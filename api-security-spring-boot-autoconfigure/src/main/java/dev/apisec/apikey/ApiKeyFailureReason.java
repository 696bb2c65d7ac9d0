package dev.apisec.apikey;

/**
 * Why a request with an API key was refused. The client always gets the same answer; the
 * code tags the {@code apisec.auth} metric, the audit events and the authentication
 * observation.
 */
public enum ApiKeyFailureReason {

	/** No stored key has the presented key's hash. */
	UNKNOWN_KEY("unknown_key"),

	/** The key is disabled. */
	DISABLED("disabled"),

	/** The key has expired. */
	EXPIRED("expired"),

	/** The key is not valid yet. */
	NOT_YET_VALID("not_yet_valid"),

	/** The header was sent more than once. */
	MULTIPLE_KEYS("multiple_keys"),

	/** The request also has an Authorization header. */
	AMBIGUOUS_CREDENTIALS("ambiguous_credentials"),

	/** The client address failed too often recently; the key was not looked at. */
	FAILURE_LIMITED("failure_limited");

	private final String code;

	ApiKeyFailureReason(String code) {
		this.code = code;
	}

	/**
	 * Return the stable, lower-case code, e.g. {@code unknown_key}.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

}
