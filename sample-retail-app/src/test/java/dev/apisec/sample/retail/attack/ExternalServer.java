package dev.apisec.sample.retail.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The servers outside the sample that the suite needs, on one local HTTP server:
 * <ul>
 * <li>a partner identity provider that the sample trusts as its second issuer, whose keys
 * the suite holds, so that tokens with any claims can be correctly signed and the claim
 * checks (expiry, audience, ...) are reached over HTTP;</li>
 * <li>an attacker's host: anything under {@code /evil/} answers a JWK Set of attacker
 * keys and is counted, so a test can prove the sample never fetched a URL a token pointed
 * at.</li>
 * </ul>
 */
final class ExternalServer {

	static final String PARTNER_ISSUER = "https://partner-idp.attack.test";

	private final HttpServer server;

	private final RSAKey partnerRsa = Forge.rsaKey("partner-rsa");

	private final ECKey partnerEc = Forge.ecKey("partner-ec");

	private final AtomicInteger evilHits = new AtomicInteger();

	private ExternalServer(HttpServer server) {
		this.server = server;
	}

	static ExternalServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			ExternalServer external = new ExternalServer(server);
			server.createContext("/partner/jwks", (exchange) -> respond(exchange,
					new JWKSet(List.<JWK>of(external.partnerRsa.toPublicJWK(), external.partnerEc.toPublicJWK()))
						.toString()));
			server.createContext("/evil/", (exchange) -> {
				external.evilHits.incrementAndGet();
				respond(exchange, new JWKSet(Forge.ATTACKER_KEY.toPublicJWK()).toString());
			});
			server.start();
			return external;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void respond(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	URI partnerJwksUri() {
		return uri("/partner/jwks");
	}

	/**
	 * Return a URL on the attacker's host.
	 * @param path the path under {@code /evil/}
	 * @return the URL
	 */
	URI evil(String path) {
		return uri("/evil/" + path);
	}

	/**
	 * Return how many requests reached the attacker's host so far.
	 * @return the count
	 */
	int evilHits() {
		return this.evilHits.get();
	}

	RSAKey partnerRsa() {
		return this.partnerRsa;
	}

	ECKey partnerEc() {
		return this.partnerEc;
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

}
