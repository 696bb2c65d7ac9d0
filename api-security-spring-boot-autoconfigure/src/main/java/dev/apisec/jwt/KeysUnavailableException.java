package dev.apisec.jwt;

import java.time.Duration;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The key of a token cannot be checked yet: no key could ever be obtained for its issuer,
 * or its key id is unknown and the keys cannot be fetched again right now (the identity
 * provider failing or slow, or the unknown-key refetch budget spent). Answered with 503
 * and {@code Retry-After}, not 401: the token may well be valid.
 */
public class KeysUnavailableException extends JwtException {

	private final Duration retryAfter;

	public KeysUnavailableException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/**
	 * Return how long the client should wait before trying again.
	 * @return the delay, at least one second
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
