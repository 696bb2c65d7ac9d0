package dev.apisec.web;

import java.io.IOException;

/**
 * Thrown by the request body stream of {@link RequestBodyLimitFilter} when a body without
 * a {@code Content-Length} (or one the application reads past) passes the limit. An
 * {@link IOException}, so that readers treat it as a broken stream; the starter answers
 * it with 413 wherever it surfaces.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	/**
	 * Create an exception.
	 * @param limit the limit in bytes
	 */
	public RequestBodyTooLargeException(long limit) {
		super("Request body larger than " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * Return the limit that was passed.
	 * @return the limit in bytes
	 */
	public long getLimit() {
		return this.limit;
	}

	/**
	 * Return the exception, or the first of its causes, that is a
	 * {@code RequestBodyTooLargeException}.
	 * @param ex the exception
	 * @return the exception or {@code null}
	 */
	public static RequestBodyTooLargeException find(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 32; depth++) {
			if (current instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
			current = current.getCause();
		}
		return null;
	}

}
