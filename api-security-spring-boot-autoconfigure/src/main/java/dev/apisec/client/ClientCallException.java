package dev.apisec.client;

import java.time.Duration;

import org.springframework.web.client.RestClientException;

/**
 * A call of an apisec client that failed before a usable response: the circuit is open,
 * the bulkhead is full, the downstream timed out or could not be reached; a call whose
 * body failed while it was read (reset, read timeout, cut short, over the size limit),
 * thrown from the body's stream; or a call that ended in an answer the caller did not
 * handle ({@link Kind#BAD_RESPONSE}, found in the cause chain of Spring's own exception).
 * Unhandled, the starter answers it with a problem response: 503 with {@code Retry-After}
 * when the downstream is unavailable, 504 on a timeout, 502 for other failures.
 */
public class ClientCallException extends RestClientException {

	private final String client;

	private final Kind kind;

	private final Duration retryAfter;

	public ClientCallException(String client, Kind kind, Duration retryAfter, Throwable cause) {
		this("Call of client '" + client + "' failed: " + kind.description, client, kind, retryAfter, cause);
	}

	private ClientCallException(String message, String client, Kind kind, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.client = client;
		this.kind = kind;
		this.retryAfter = retryAfter;
	}

	/**
	 * Create the failure of a call that ended in an answer the caller did not handle.
	 * @param client the client's name
	 * @param what what was unexpected, e.g. "status 401"; nothing of the body
	 * @param cause the failure to read the body, or {@code null}
	 * @return the exception
	 */
	static ClientCallException badResponse(String client, String what, Throwable cause) {
		return new ClientCallException(
				"Call of client '" + client + "' failed: " + Kind.BAD_RESPONSE.description + " (" + what + ")", client,
				Kind.BAD_RESPONSE, null, cause);
	}

	/**
	 * Return the client's name.
	 * @return the name
	 */
	public String getClient() {
		return this.client;
	}

	/**
	 * Return what went wrong.
	 * @return the kind of failure
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Return when the downstream may be available again, or {@code null}.
	 * @return the delay or {@code null}
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Kinds of failure, with the HTTP status the starter answers them with.
	 */
	public enum Kind {

		/**
		 * The circuit breaker is open: the call was not attempted.
		 */
		CIRCUIT_OPEN(503, "circuit open"),

		/**
		 * Too many calls in flight: the call was not attempted.
		 */
		BULKHEAD_FULL(503, "too many concurrent calls"),

		/**
		 * The downstream refused the connection.
		 */
		UNAVAILABLE(503, "downstream unavailable"),

		/**
		 * Connect or read timeout, also while the body is read.
		 */
		TIMEOUT(504, "timed out"),

		/**
		 * Another I/O failure (reset, a body cut short of its length or last chunk,
		 * response too large), also while the body is read.
		 */
		IO_ERROR(502, "I/O error"),

		/**
		 * The downstream answered with a status or a body the caller did not handle: an
		 * error status without an {@code onStatus} handler, a body that cannot be read as
		 * the requested type.
		 */
		BAD_RESPONSE(502, "unexpected response");

		private final int status;

		private final String description;

		Kind(int status, String description) {
			this.status = status;
			this.description = description;
		}

		/**
		 * Return the HTTP status the failure is answered with.
		 * @return the status
		 */
		public int status() {
			return this.status;
		}

	}

}
