package dev.apisec.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP calls to the application under test, with full control over headers.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public Http(int port) {
		this.port = port;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Return the URI of a path of the application, sent as written.
	 * @param path the path, with query string if any
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Start a GET request of a path, to add headers or a body; no timeout unless the
	 * caller sets one.
	 * @param path the path
	 * @return the request builder
	 */
	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path));
	}

	public HttpResponse<String> get(String path, String token) {
		return send("GET", path, token);
	}

	/**
	 * Send a GET request with these headers.
	 * @param path the path
	 * @param headers the headers
	 * @return the response
	 */
	public HttpResponse<String> getWithHeaders(String path, Map<String, String> headers) {
		return send(request(path), headers);
	}

	/**
	 * Send a request without a body with these headers.
	 * @param method the method
	 * @param path the path
	 * @param headers the headers
	 * @return the response
	 */
	public HttpResponse<String> sendWithHeaders(String method, String path, Map<String, String> headers) {
		return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()), headers);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
		headers.forEach(request::header);
		return send(request.build());
	}

	public HttpResponse<String> send(String method, String path, String token) {
		HttpRequest.Builder request = request(path).timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
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

}
