package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP calls to the sample under test, as a client makes them: tokens from the demo
 * identity provider's token endpoint, JSON bodies, bearer tokens. Public for the attack
 * suite in the {@code attack} package.
 */
public final class RetailHttp {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public RetailHttp(int port) {
		this.port = port;
	}

	/**
	 * Return a free port, chosen before the application starts: the issuer it trusts is
	 * {@code http://localhost:<port>} and must be known when its properties are bound.
	 * @return a port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a free port other than the given one: two calls of {@link #freePort()} may
	 * return the same port, since the first is closed again at once.
	 * @param taken the port to avoid
	 * @return the port
	 */
	public static int freePortOtherThan(int taken) {
		int port = freePort();
		while (port == taken) {
			port = freePort();
		}
		return port;
	}

	/**
	 * Return the URI of a path of the sample, sent as written (no normalization).
	 * @param path the path, with query string if any
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/**
	 * Ask the demo identity provider for a token by the client-credentials grant.
	 * @param clientId the client
	 * @param secret its secret
	 * @param scope the scope to ask for, or {@code null} for all of the client's
	 * @return the token endpoint's response
	 */
	public HttpResponse<String> tokenRequest(String clientId, String secret, String scope) {
		String form = "grant_type=client_credentials" + ((scope != null) ? "&scope=" + scope : "");
		return send(HttpRequest.newBuilder(uri("/oauth2/token"))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	/**
	 * Return an access token of a demo client, asserting that the token endpoint granted
	 * it.
	 * @param clientId the client
	 * @param secret its secret
	 * @param scope the scope to ask for, or {@code null} for all of the client's
	 * @return the token
	 */
	public String token(String clientId, String secret, String scope) {
		HttpResponse<String> response = tokenRequest(clientId, secret, scope);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return accessToken(response);
	}

	/**
	 * Return the access token of a successful token response.
	 * @param tokenResponse the response
	 * @return the token
	 */
	public static String accessToken(HttpResponse<String> tokenResponse) {
		return tokenResponse.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	/**
	 * Call the sample.
	 * @param method the method
	 * @param path the path
	 * @param token a bearer token, or {@code null}
	 * @param body a JSON body, or {@code null}
	 * @return the response
	 */
	public HttpResponse<String> call(String method, String path, String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	/**
	 * Send a request.
	 * @param request the request
	 * @return the response, body as a string
	 */
	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait until the API accepts the token. The API fetches the demo provider's keys in
	 * the background at startup; on a busy machine a first request can come before them
	 * (503 keys-unavailable).
	 * @param token a valid access token
	 */
	public void awaitKeys(String token) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (call("GET", "/api/users/me", token, null).statusCode() != 200) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The API did not obtain the identity provider's keys in time");
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
	}

}
