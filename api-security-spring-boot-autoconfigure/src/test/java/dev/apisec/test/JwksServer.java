package dev.apisec.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real identity provider endpoint for tests: an HTTP server on a random loopback port
 * that serves an OpenID Connect discovery document and a JWK Set, counts the hits on
 * each, and can be switched "down" (503) and back.
 */
public final class JwksServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger jwksHits = new AtomicInteger();

	private final AtomicInteger discoveryHits = new AtomicInteger();

	private volatile String jwks = "{\"keys\":[]}";

	private volatile boolean down;

	private volatile String cacheControl;

	private volatile CountDownLatch hold;

	private final AtomicInteger held = new AtomicInteger();

	public JwksServer() {
		this(0);
	}

	/**
	 * Start on the given loopback port, 0 for any free one: a test can take a port that
	 * refused connections so far and make it answer.
	 * @param port the port
	 */
	public JwksServer(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/.well-known/openid-configuration", this::discovery);
		this.server.createContext("/jwks", this::jwks);
		this.server.start();
	}

	/**
	 * Return the issuer identifier this server publishes in its discovery document.
	 * @return the issuer
	 */
	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String jwkSetUri() {
		return issuer() + "/jwks";
	}

	/**
	 * Publish these keys (public parts only).
	 * @param keys the keys
	 */
	public void publish(List<? extends JWK> keys) {
		this.jwks = new JWKSet(List.copyOf(keys)).toString(true);
	}

	public void publish(JWK... keys) {
		publish(List.of(keys));
	}

	public void setDown(boolean down) {
		this.down = down;
	}

	public void setCacheControl(String cacheControl) {
		this.cacheControl = cacheControl;
	}

	/**
	 * Hold every JWK Set answer from now on until {@link #release()}: the answer is the
	 * key set published when the request arrived, as a provider's answer in transit would
	 * be.
	 */
	public void hold() {
		this.hold = new CountDownLatch(1);
	}

	/**
	 * Send the held answers, and answer at once from now on.
	 */
	public void release() {
		CountDownLatch latch = this.hold;
		this.hold = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/**
	 * Return how many JWK Set requests are waiting for {@link #release()}.
	 * @return the number of held requests
	 */
	public int held() {
		return this.held.get();
	}

	public int jwksHits() {
		return this.jwksHits.get();
	}

	public int discoveryHits() {
		return this.discoveryHits.get();
	}

	private void discovery(HttpExchange exchange) throws IOException {
		this.discoveryHits.incrementAndGet();
		respond(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwkSetUri() + "\"}");
	}

	private void jwks(HttpExchange exchange) throws IOException {
		this.jwksHits.incrementAndGet();
		String body = this.jwks;
		CountDownLatch latch = this.hold;
		if (latch != null) {
			this.held.incrementAndGet();
			try {
				latch.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.held.decrementAndGet();
			}
		}
		respond(exchange, body);
	}

	private void respond(HttpExchange exchange, String body) throws IOException {
		exchange.getRequestBody().readAllBytes();
		if (this.down) {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (this.cacheControl != null) {
			exchange.getResponseHeaders().set("Cache-Control", this.cacheControl);
		}
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
