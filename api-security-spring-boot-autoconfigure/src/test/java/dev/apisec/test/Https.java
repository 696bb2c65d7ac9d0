package dev.apisec.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.apisec.test.TestCertificates.Issued;

/**
 * HTTPS calls to the application under test over real TLS handshakes, with a client
 * certificate or none. Every call makes its own connection, so no TLS session of one
 * client serves another; a handshake that fails is the {@link IOException} it is.
 */
public final class Https {

	private final int port;

	private final Issued trusted;

	/**
	 * Calls to the application on this port.
	 * @param port the port
	 * @param trusted the CA that issued the server's certificate
	 */
	public Https(int port, Issued trusted) {
		this.port = port;
		this.trusted = trusted;
	}

	/**
	 * Start a request of a path of the application ({@code https://localhost}), with a
	 * ten-second timeout.
	 * @param path the path
	 * @return the request builder
	 */
	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

	/**
	 * Send a GET request.
	 * @param client the client certificate, or {@code null} for none
	 * @param path the path
	 * @param token a bearer token, or {@code null}
	 * @return the response
	 * @throws IOException when the handshake or the exchange fails
	 * @throws InterruptedException when interrupted
	 */
	public HttpResponse<String> get(Issued client, String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(client, request.build());
	}

	/**
	 * Send a request.
	 * @param client the client certificate, or {@code null} for none
	 * @param request the request
	 * @return the response
	 * @throws IOException when the handshake or the exchange fails
	 * @throws InterruptedException when interrupted
	 */
	public HttpResponse<String> send(Issued client, HttpRequest request) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(TestCertificates.sslContext(client, this.trusted))
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
