package dev.apisec.jwt;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * A bearer token the starter refused, with the reason. Spring Security turns it into a
 * 401.
 */
public class InvalidJwtException extends BadJwtException {

	private final JwtFailureReason reason;

	public InvalidJwtException(JwtFailureReason reason) {
		super(reason.description());
		this.reason = reason;
	}

	/**
	 * Return why the token was refused.
	 * @return the reason
	 */
	public JwtFailureReason getReason() {
		return this.reason;
	}

}
