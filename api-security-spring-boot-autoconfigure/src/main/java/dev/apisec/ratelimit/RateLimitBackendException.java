package dev.apisec.ratelimit;

/**
 * Thrown by a {@link RateLimitBackend} that cannot decide: its store is unreachable, or
 * did not answer in time.
 */
public class RateLimitBackendException extends RuntimeException {

	public RateLimitBackendException(String message) {
		super(message);
	}

	public RateLimitBackendException(String message, Throwable cause) {
		super(message, cause);
	}

}
