package dev.apisec.client;

import java.io.IOException;

/**
 * A downstream response body exceeded the client's {@code max-response-size}.
 */
class ResponseTooLargeException extends IOException {

	ResponseTooLargeException(long limit) {
		super("response larger than " + limit + " bytes");
	}

}
