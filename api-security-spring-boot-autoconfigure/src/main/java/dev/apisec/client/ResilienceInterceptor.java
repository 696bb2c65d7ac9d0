package dev.apisec.client;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.apisec.client.ClientCallException.Kind;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Bulkhead, circuit breaker and retries around one client call, in that order. Retries
 * happen inside one circuit-breaker permission and the outcome is recorded once, so a
 * slow call retried three times counts as one failure, not three. Only idempotent methods
 * are retried (unless the request opts in with {@link #RETRY_ATTRIBUTE}), only on I/O
 * errors, timeouts and 502/503/504, with exponential backoff and jitter, honouring
 * {@code Retry-After} up to the maximum backoff. 5xx responses, timeouts and I/O errors
 * count as failures; 4xx responses do not. Every attempt runs the per-attempt
 * interceptors (response size limit, authentication) afresh. The permission is settled on
 * every way out: a runtime exception counts as a failure (as the breaker's configuration
 * decides), an interrupted retry wait or an error hands it back unused. The body is read
 * after this interceptor returned: a response that is not a 5xx carries the permission
 * and settles it when its body ends, fails or is closed, and a failure while the body of
 * a 2xx or 3xx is read (reset, read timeout, a body cut short, the size limit) is the
 * same {@link ClientCallException} and circuit-breaker failure as before the body.
 */
class ResilienceInterceptor implements ClientHttpRequestInterceptor {

	/**
	 * Request attribute that allows retrying a non-idempotent call, set with
	 * {@code RestClient.RequestHeadersSpec.attribute(RETRY_ATTRIBUTE, true)}.
	 */
	static final String RETRY_ATTRIBUTE = ApiSecClients.RETRY_NON_IDEMPOTENT;

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
			HttpMethod.DELETE, HttpMethod.OPTIONS);

	private static final Set<Integer> RETRYABLE_STATUS = Set.of(502, 503, 504);

	private final String client;

	private final Bulkhead bulkhead;

	private final CircuitBreaker circuitBreaker;

	private final ClientProperties.Retry retry;

	private final ClientMetrics metrics;

	private final List<ClientHttpRequestInterceptor> perAttempt;

	private volatile Instant openedAt;

	/**
	 * Create the interceptor, to be the last of the client's interceptors.
	 * @param client the client's name
	 * @param bulkhead the client's bulkhead
	 * @param circuitBreaker the client's circuit breaker or {@code null}
	 * @param retry the retry settings
	 * @param metrics where outcomes are recorded
	 * @param perAttempt interceptors that run inside, once per attempt
	 */
	ResilienceInterceptor(String client, Bulkhead bulkhead, CircuitBreaker circuitBreaker, ClientProperties.Retry retry,
			ClientMetrics metrics, List<ClientHttpRequestInterceptor> perAttempt) {
		this.client = client;
		this.bulkhead = bulkhead;
		this.circuitBreaker = circuitBreaker;
		this.retry = retry;
		this.metrics = metrics;
		this.perAttempt = List.copyOf(perAttempt);
		if (circuitBreaker != null) {
			circuitBreaker.getEventPublisher().onStateTransition((event) -> {
				if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
					this.openedAt = event.getCreationTime().toInstant();
				}
			});
		}
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		long start = System.nanoTime();
		if (!this.bulkhead.tryAcquirePermission()) {
			this.metrics.record(this.client, "bulkhead_full", start);
			throw new ClientCallException(this.client, Kind.BULKHEAD_FULL, Duration.ofSeconds(1), null);
		}
		try {
			if (this.circuitBreaker != null) {
				try {
					this.circuitBreaker.acquirePermission();
				}
				catch (CallNotPermittedException ex) {
					this.metrics.record(this.client, "circuit_open", start);
					throw new ClientCallException(this.client, Kind.CIRCUIT_OPEN, remainingOpenTime(), ex);
				}
			}
			Permission permission = new Permission(start);
			try {
				return callWithRetries(request, body, execution, permission);
			}
			catch (RuntimeException ex) {
				// A failure of the call the loop did not record (an interceptor's bug, a
				// failure of the request factory): the circuit breaker decides if it
				// counts.
				permission.failure(ex);
				throw ex;
			}
			finally {
				// Every other way out (an Error, say) hands the permission back, so that
				// a half-open circuit is never left without trial calls.
				permission.release();
			}
		}
		finally {
			this.bulkhead.onComplete();
		}
	}

	private ClientHttpResponse callWithRetries(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			Permission permission) throws IOException {
		long start = permission.start;
		boolean retryable = IDEMPOTENT.contains(request.getMethod())
				|| Boolean.TRUE.equals(request.getAttributes().get(RETRY_ATTRIBUTE));
		int maxAttempts = retryable ? Math.max(1, this.retry.getMaxAttempts()) : 1;
		for (int attempt = 1;; attempt++) {
			ClientHttpResponse response = null;
			int status;
			try {
				response = new AttemptExecution(this.perAttempt.iterator(), execution).execute(request, body);
				// A request with a body may only be sent, and fail, when the status is
				// read (HttpURLConnection), so read it here where failures are retried
				// and counted.
				status = response.getStatusCode().value();
			}
			catch (IOException ex) {
				if (response != null) {
					response.close();
				}
				if (attempt < maxAttempts && !(ex instanceof ResponseTooLargeException)) {
					pause(backoff(attempt), permission);
					continue;
				}
				Kind kind = kindOf(ex);
				permission.failure(ex);
				this.metrics.record(this.client, kind.name().toLowerCase(Locale.ROOT), start);
				throw new ClientCallException(this.client, kind,
						(kind == Kind.UNAVAILABLE) ? Duration.ofSeconds(1) : null, ex);
			}
			if (attempt < maxAttempts && RETRYABLE_STATUS.contains(status)) {
				Duration wait = retryAfter(response);
				if (wait == null) {
					wait = backoff(attempt);
				}
				if (wait.compareTo(this.retry.getMaxBackoff()) <= 0) {
					response.close();
					pause(wait, permission);
					continue;
				}
			}
			if (status >= 500) {
				permission.failure(new DownstreamServerError(status));
				this.metrics.record(this.client, "server_error", start);
				return new BodyOutcomeResponse(response, request.getMethod(), status, permission, null);
			}
			// The body is still to be read, after this interceptor returned: the response
			// settles the call when the body ends, fails or is closed.
			permission.handOver();
			return new BodyOutcomeResponse(response, request.getMethod(), status, permission,
					(status >= 400) ? "client_error" : "success");
		}
	}

	/**
	 * Time left until the circuit lets a trial call through, from when it opened and the
	 * configured wait in the open state; at least one second.
	 */
	private Duration remainingOpenTime() {
		Long waitMillis = this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		Duration wait = Duration.ofMillis((waitMillis != null) ? waitMillis : 1000);
		Instant opened = this.openedAt;
		Duration remaining = (opened != null) ? Duration.between(Instant.now(), opened.plus(wait)) : wait;
		return (remaining.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : remaining;
	}

	Duration backoff(int attempt) {
		double base = this.retry.getInitialBackoff().toMillis() * Math.pow(this.retry.getMultiplier(), attempt - 1);
		double jitter = Math.max(0, Math.min(1, this.retry.getJitter()));
		double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
		long millis = (long) Math.min(base * factor, this.retry.getMaxBackoff().toMillis());
		return Duration.ofMillis(Math.max(0, millis));
	}

	static Duration retryAfter(ClientHttpResponse response) {
		String value = response.getHeaders().getFirst("Retry-After");
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (RuntimeException unparseable) {
				return null;
			}
		}
	}

	private static Kind kindOf(IOException ex) {
		if (ex instanceof SocketTimeoutException || ex instanceof HttpTimeoutException
				|| (ex instanceof InterruptedIOException && ex.getMessage() != null
						&& ex.getMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
			return Kind.TIMEOUT;
		}
		if (ex instanceof ConnectException || ex instanceof NoRouteToHostException) {
			return Kind.UNAVAILABLE;
		}
		return Kind.IO_ERROR;
	}

	/**
	 * Wait before a retry. An interrupt ends the call: the permission goes back unused
	 * (the downstream did nothing wrong) and the call fails as an I/O error.
	 */
	private void pause(Duration wait, Permission permission) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			permission.release();
			this.metrics.record(this.client, "io_error", permission.start);
			throw new ClientCallException(this.client, Kind.IO_ERROR, null,
					new InterruptedIOException("interrupted while waiting to retry"));
		}
	}

	/**
	 * One attempt: the per-attempt interceptors, then the request. Spring's execution
	 * walks the client's interceptors once, so calling it again for a retry would skip
	 * every interceptor after this one; holding them here runs them on every attempt. The
	 * execution handed in only sends the request, as this interceptor is the client's
	 * last.
	 */
	private record AttemptExecution(Iterator<ClientHttpRequestInterceptor> interceptors,
			ClientHttpRequestExecution send) implements ClientHttpRequestExecution {

		@Override
		public ClientHttpResponse execute(HttpRequest request, byte[] body) throws IOException {
			if (this.interceptors.hasNext()) {
				return this.interceptors.next().intercept(request, body, this);
			}
			return this.send.execute(request, body);
		}

	}

	/**
	 * A response whose call is settled by its body: a success (or client error) when the
	 * body ends, as declared, or when the response or its body is closed; a failure of
	 * the kind of the I/O error when reading the body fails (a reset, a read timeout, a
	 * body shorter than its Content-Length, a chunked body without its last chunk, a body
	 * over the size limit). Such a failure is thrown as a {@link ClientCallException}, as
	 * the same failure before the body would be. The body of an error status is only
	 * watched to settle the call with the status's outcome; a final 5xx was settled
	 * already.
	 */
	private final class BodyOutcomeResponse extends DelegatingClientHttpResponse {

		private final Permission permission;

		private final String outcome;

		private final long declaredLength;

		private final boolean errorStatus;

		private boolean settled;

		private InputStream body;

		BodyOutcomeResponse(ClientHttpResponse delegate, HttpMethod method, int status, Permission permission,
				String outcome) {
			super(delegate);
			this.permission = permission;
			this.outcome = outcome;
			this.settled = (outcome == null);
			this.errorStatus = status >= 400;
			this.declaredLength = declaresBody(delegate, method, status) ? delegate.getHeaders().getContentLength()
					: -1;
		}

		/**
		 * Whether the Content-Length is the length of the body that follows and is
		 * checked: not for HEAD, 1xx, 204, 304 and error statuses, not beside a
		 * Transfer-Encoding (which wins), nor for an encoded body a request factory may
		 * have decoded.
		 */
		private static boolean declaresBody(ClientHttpResponse response, HttpMethod method, int status) {
			HttpHeaders headers = response.getHeaders();
			String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
			return method != HttpMethod.HEAD && status >= 200 && status < 400 && status != 204 && status != 304
					&& !headers.containsKey(HttpHeaders.TRANSFER_ENCODING)
					&& (encoding == null || "identity".equalsIgnoreCase(encoding.trim()));
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				try {
					this.body = new BodyStream(this.delegate.getBody());
				}
				catch (IOException ex) {
					// HttpURLConnection fails here for an error status without a body,
					// which Spring's error handler reads as an empty body.
					throw readFailed(ex);
				}
			}
			return this.body;
		}

		@Override
		public void close() {
			ended();
			super.close();
		}

		private synchronized void ended() {
			if (!this.settled) {
				this.settled = true;
				this.permission.success();
				ResilienceInterceptor.this.metrics.record(ResilienceInterceptor.this.client, this.outcome,
						this.permission.start);
			}
		}

		/**
		 * The failure to throw for a failed read. For an error status the status is the
		 * answer: the read failure is left as it is (Spring's error handler reads the
		 * body as empty; HttpURLConnection cannot read the body of a 401 to a streamed
		 * POST) and the call keeps the outcome of its status.
		 */
		private RuntimeException readFailed(IOException ex) throws IOException {
			if (this.errorStatus) {
				ended();
				throw ex;
			}
			return failed(ex);
		}

		private ClientCallException failed(IOException ex) {
			Kind kind = kindOf(ex);
			synchronized (this) {
				if (!this.settled) {
					this.settled = true;
					this.permission.failure(ex);
					ResilienceInterceptor.this.metrics.record(ResilienceInterceptor.this.client,
							kind.name().toLowerCase(Locale.ROOT), this.permission.start);
				}
			}
			return new ClientCallException(ResilienceInterceptor.this.client, kind,
					(kind == Kind.UNAVAILABLE) ? Duration.ofSeconds(1) : null, ex);
		}

		/**
		 * Counts what passes, so that a body cut short of its Content-Length is a failure
		 * (HttpURLConnection reports it as a normal end). No mark and reset: each byte
		 * passes once.
		 */
		private final class BodyStream extends FilterInputStream {

			private long read;

			BodyStream(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				int b;
				try {
					b = super.read();
				}
				catch (IOException ex) {
					throw readFailed(ex);
				}
				passed((b >= 0) ? 1 : -1);
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n;
				try {
					n = super.read(buffer, offset, length);
				}
				catch (IOException ex) {
					throw readFailed(ex);
				}
				passed(n);
				return n;
			}

			@Override
			public long skip(long n) throws IOException {
				try {
					long skipped = super.skip(n);
					this.read += skipped;
					return skipped;
				}
				catch (IOException ex) {
					throw readFailed(ex);
				}
			}

			@Override
			public boolean markSupported() {
				return false;
			}

			@Override
			public synchronized void mark(int limit) {
			}

			@Override
			public synchronized void reset() throws IOException {
				throw new IOException("mark and reset are not supported");
			}

			@Override
			public void close() throws IOException {
				ended();
				super.close();
			}

			private void passed(int n) {
				if (n > 0) {
					this.read += n;
				}
				else if (n < 0) {
					long declared = BodyOutcomeResponse.this.declaredLength;
					if (declared >= 0 && this.read < declared) {
						throw failed(new EOFException("body ended after " + this.read + " of " + declared + " bytes"));
					}
					ended();
				}
			}

		}

	}

	/**
	 * The circuit-breaker permission of one call, settled exactly once: as a success, as
	 * a failure, or handed back unused. Once handed over to the response, only the
	 * response settles it, possibly on another thread.
	 */
	private final class Permission {

		private final long start;

		private boolean settled;

		private boolean handedOver;

		Permission(long start) {
			this.start = start;
		}

		/**
		 * Leave the permission to the response: the interceptor's own way out no longer
		 * hands it back.
		 */
		synchronized void handOver() {
			this.handedOver = true;
		}

		void success() {
			if (settle()) {
				ResilienceInterceptor.this.circuitBreaker.onSuccess(System.nanoTime() - this.start,
						TimeUnit.NANOSECONDS);
			}
		}

		void failure(Throwable failure) {
			if (settle()) {
				ResilienceInterceptor.this.circuitBreaker.onError(System.nanoTime() - this.start, TimeUnit.NANOSECONDS,
						failure);
			}
		}

		void release() {
			if (!isHandedOver() && settle()) {
				ResilienceInterceptor.this.circuitBreaker.releasePermission();
			}
		}

		private synchronized boolean isHandedOver() {
			return this.handedOver;
		}

		private synchronized boolean settle() {
			if (this.settled || ResilienceInterceptor.this.circuitBreaker == null) {
				return false;
			}
			this.settled = true;
			return true;
		}

	}

	/**
	 * A 5xx response, recorded as a circuit-breaker failure.
	 */
	static final class DownstreamServerError extends IOException {

		DownstreamServerError(int status) {
			super("downstream answered " + status);
		}

	}

}
