package dev.apisec.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fetches discovery documents and JWK Sets over HTTP with explicit timeouts, a deadline
 * for the whole exchange, a size limit and no redirects. Only ever called on the refresh
 * threads, never on a request thread. Failures say what failed and where (host, port,
 * path; connect, read or deadline), never with the URI's user info or query.
 */
class JwksFetcher {

	private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d+)");

	private final HttpClient client;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Duration deadline;

	private final int maxBytes;

	private final ObjectMapper objectMapper = new ObjectMapper();

	JwksFetcher(Duration connectTimeout, Duration readTimeout, int maxBytes) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.deadline = connectTimeout.plus(readTimeout);
		this.maxBytes = maxBytes;
	}

	/**
	 * Return the longest one document may take: connect timeout plus read timeout.
	 * @return the deadline of one fetch
	 */
	Duration timeout() {
		return this.deadline;
	}

	/**
	 * Find the JWK Set URI of an issuer: OpenID Connect discovery first, then RFC 8414
	 * authorization server metadata. The document's "issuer" must equal the issuer.
	 */
	URI discoverJwkSetUri(String issuer) throws IOException {
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		IOException failure = null;
		for (String suffix : new String[] { "/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server" }) {
			try {
				Document document = get(URI.create(base + suffix));
				Map<?, ?> metadata = this.objectMapper.readValue(document.body(), Map.class);
				if (!issuer.equals(metadata.get("issuer"))) {
					throw new IOException("discovery document at " + base + suffix + " names issuer '"
							+ metadata.get("issuer") + "'");
				}
				if (!(metadata.get("jwks_uri") instanceof String jwksUri)) {
					throw new IOException("discovery document at " + base + suffix + " has no jwks_uri");
				}
				return URI.create(jwksUri);
			}
			catch (NotFoundException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		throw failure;
	}

	/**
	 * Fetch one document. The whole exchange, connect to last byte, must finish within
	 * the connect timeout plus the read timeout: a server that accepts and then trickles
	 * its answer cannot hold the fetch, and so the issuer's refresh, forever.
	 */
	Document get(URI uri) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.readTimeout)
			.header("Accept", "application/json")
			.GET()
			.build();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(request,
				(info) -> new LimitedBody(this.maxBytes));
		HttpResponse<byte[]> response;
		try {
			response = exchange.get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while fetching " + describe(uri), ex);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new IOException("no complete answer from " + describe(uri) + " within " + text(this.deadline)
					+ " (connect-timeout plus read-timeout)", ex);
		}
		catch (ExecutionException ex) {
			throw failure(uri, ex.getCause());
		}
		if (response.statusCode() == 404) {
			throw new NotFoundException(describe(uri) + " answered 404");
		}
		if (response.statusCode() != 200) {
			throw new IOException(describe(uri) + " answered " + response.statusCode());
		}
		Duration maxAge = response.headers().firstValue("Cache-Control").map(JwksFetcher::maxAge).orElse(null);
		return new Document(new String(response.body(), StandardCharsets.UTF_8), maxAge);
	}

	/**
	 * Say what failed, where and after how long: the JDK's own messages are often empty
	 * ("ConnectException: null") or name no host.
	 */
	private IOException failure(URI uri, Throwable cause) {
		String target = describe(uri);
		String message;
		if (cause instanceof HttpConnectTimeoutException) {
			message = "connect to " + target + " timed out after " + text(this.connectTimeout) + " (connect-timeout)";
		}
		else if (cause instanceof HttpTimeoutException) {
			message = "no answer from " + target + " within " + text(this.readTimeout) + " (read-timeout)";
		}
		else if (cause instanceof ConnectException) {
			message = "could not connect to " + target + ": " + rootMessage(cause, "connection refused");
		}
		else if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
			message = "could not resolve the host of " + target;
		}
		else if (cause instanceof TooLargeException) {
			message = target + " " + cause.getMessage();
		}
		else {
			message = "could not read from " + target + ": " + rootMessage(cause, "connection closed");
		}
		return new IOException(message, cause);
	}

	/**
	 * The URI as host, port and path: no user info or query, which might hold
	 * credentials.
	 */
	static String describe(URI uri) {
		int port = uri.getPort();
		if (port < 0) {
			port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return uri.getScheme() + "://" + uri.getHost() + ":" + port + path;
	}

	private static String rootMessage(Throwable ex, String fallback) {
		Throwable current = ex;
		String message = null;
		while (current != null) {
			if (current.getMessage() != null && !current.getMessage().isBlank()) {
				message = current.getMessage();
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return (message != null) ? message : fallback + " (" + ex.getClass().getSimpleName() + ")";
	}

	private static String text(Duration duration) {
		return (duration.toMillisPart() == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private static Duration maxAge(String cacheControl) {
		Matcher matcher = MAX_AGE.matcher(cacheControl);
		return matcher.find() ? Duration.ofSeconds(Long.parseLong(matcher.group(1))) : null;
	}

	/**
	 * A fetched document and the max-age its server declared, if any.
	 */
	record Document(String body, Duration maxAge) {
	}

	/**
	 * Collects a response body up to a limit, and gives up (cancelling the exchange) as
	 * soon as the body grows past it.
	 */
	private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final int maxBytes;

		private Flow.Subscription subscription;

		LimitedBody(int maxBytes) {
			this.maxBytes = maxBytes;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (this.bytes.size() + buffer.remaining() > this.maxBytes) {
					this.subscription.cancel();
					this.result
						.completeExceptionally(new TooLargeException("returned more than " + this.maxBytes + " bytes"));
					return;
				}
				byte[] chunk = new byte[buffer.remaining()];
				buffer.get(chunk);
				this.bytes.write(chunk, 0, chunk.length);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.bytes.toByteArray());
		}

	}

	static final class TooLargeException extends IOException {

		TooLargeException(String message) {
			super(message);
		}

	}

	static final class NotFoundException extends IOException {

		NotFoundException(String message) {
			super(message);
		}

	}

}
