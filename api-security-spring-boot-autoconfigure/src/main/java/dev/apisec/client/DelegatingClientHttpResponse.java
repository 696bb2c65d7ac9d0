package dev.apisec.client;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A response that hands everything to the one it wraps; the client's wrappers override
 * only what they watch (the body, closing). Spring's own decorator of this kind is not
 * public.
 */
abstract class DelegatingClientHttpResponse implements ClientHttpResponse {

	protected final ClientHttpResponse delegate;

	DelegatingClientHttpResponse(ClientHttpResponse delegate) {
		this.delegate = delegate;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		return this.delegate.getStatusCode();
	}

	@Override
	public String getStatusText() throws IOException {
		return this.delegate.getStatusText();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
