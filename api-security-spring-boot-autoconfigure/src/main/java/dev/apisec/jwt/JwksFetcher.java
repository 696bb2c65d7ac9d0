package dev.apisec.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fetches discovery documents and JWK Sets over HTTP with explicit timeouts, a size limit
 * and no redirects. Only ever called from the background refresher or, when keys are
 * missing, under the per-issuer refetch limit.
 */
final class JwksFetcher {

	private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d+)");

	private final HttpClient client;

	private final Duration readTimeout;

	private final int maxBytes;

	private final ObjectMapper objectMapper = new ObjectMapper();

	JwksFetcher(Duration connectTimeout, Duration readTimeout, int maxBytes) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.readTimeout = readTimeout;
		this.maxBytes = maxBytes;
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

	Document get(URI uri) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.readTimeout)
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<InputStream> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while fetching " + uri, ex);
		}
		try (InputStream body = response.body()) {
			if (response.statusCode() == 404) {
				throw new NotFoundException(uri + " answered 404");
			}
			if (response.statusCode() != 200) {
				throw new IOException(uri + " answered " + response.statusCode());
			}
			byte[] bytes = body.readNBytes(this.maxBytes + 1);
			if (bytes.length > this.maxBytes) {
				throw new IOException(uri + " returned more than " + this.maxBytes + " bytes");
			}
			Duration maxAge = response.headers()
				.firstValue("Cache-Control")
				.map(JwksFetcher::maxAge)
				.orElse(null);
			return new Document(new String(bytes, StandardCharsets.UTF_8), maxAge);
		}
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

	static final class NotFoundException extends IOException {

		NotFoundException(String message) {
			super(message);
		}

	}

}
