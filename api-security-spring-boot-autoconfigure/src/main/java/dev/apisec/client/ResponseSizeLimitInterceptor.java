package dev.apisec.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Refuses response bodies larger than the client's limit: at once when Content-Length
 * says so, otherwise when reading passes the limit. Either way with a
 * {@link ResponseTooLargeException}; the resilience interceptor around it makes that a
 * {@link ClientCallException} ({@code IO_ERROR}) and counts the call as failed, whether
 * the limit is crossed before the call returned or while the body is read.
 */
class ResponseSizeLimitInterceptor implements ClientHttpRequestInterceptor {

	private final long maxBytes;

	ResponseSizeLimitInterceptor(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getHeaders().getContentLength() > this.maxBytes) {
			response.close();
			throw new ResponseTooLargeException(this.maxBytes);
		}
		return new LimitedResponse(response);
	}

	// Inner classes: the response and its body count against this interceptor's limit.
	private final class LimitedResponse extends DelegatingClientHttpResponse {

		private InputStream body;

		LimitedResponse(ClientHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(this.delegate.getBody());
			}
			return this.body;
		}

	}

	private final class LimitedInputStream extends FilterInputStream {

		private long read;

		LimitedInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws ResponseTooLargeException {
			this.read += n;
			if (this.read > ResponseSizeLimitInterceptor.this.maxBytes) {
				throw new ResponseTooLargeException(ResponseSizeLimitInterceptor.this.maxBytes);
			}
		}

	}

}
