package dev.apisec.jwt;

/**
 * Why a bearer token was rejected. The code is stable (it tags metrics and audit events);
 * the description is what the client reads and never contains token content.
 */
public enum JwtFailureReason {

	MALFORMED("malformed", "The access token is malformed."),

	ENCRYPTED("encrypted", "Encrypted access tokens are not accepted."),

	UNSUPPORTED_TYPE("unsupported_type", "The access token's type is not accepted."),

	UNSUPPORTED_CRITICAL_HEADER("unsupported_crit", "The access token has a critical header that is not understood."),

	UNKNOWN_ISSUER("unknown_issuer", "The access token's issuer is not trusted."),

	DISALLOWED_ALGORITHM("disallowed_algorithm", "The access token's signature algorithm is not accepted."),

	UNKNOWN_KEY("unknown_key", "The access token was signed with an unknown key."),

	BAD_SIGNATURE("bad_signature", "The access token's signature is invalid."),

	MISSING_EXPIRY("missing_expiry", "The access token has no expiry."),

	EXPIRED("expired", "The access token has expired."),

	NOT_YET_VALID("not_yet_valid", "The access token is not valid yet."),

	ISSUED_IN_FUTURE("issued_in_future", "The access token was issued in the future."),

	LIFETIME_TOO_LONG("lifetime_too_long", "The access token's lifetime is longer than accepted."),

	WRONG_AUDIENCE("wrong_audience", "The access token is not meant for this API."),

	MISSING_PRINCIPAL("missing_principal", "The access token does not name its subject.");

	private final String code;

	private final String description;

	JwtFailureReason(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/**
	 * Return the stable, lower-case code, e.g. {@code expired}.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Return a sentence for the client, safe to return in a response.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
