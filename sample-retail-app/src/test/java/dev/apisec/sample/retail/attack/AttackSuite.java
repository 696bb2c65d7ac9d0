package dev.apisec.sample.retail.attack;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.sample.retail.RetailHttp;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack suite: black-box HTTP attacks on the running sample, one test class per
 * area. Every class extends this one and adds nothing to its configuration, so the whole
 * suite shares one application context, started once.
 * <p>
 * Tokens are real ones from the demo identity provider, or forged. Besides the demo
 * provider the sample trusts a second issuer here, a partner identity provider whose keys
 * the suite holds ({@link ExternalServer}): a correctly signed token with an expired,
 * future or foreign claim is the only way to prove over HTTP that the claims are checked,
 * since the demo provider signs only good tokens.
 * <p>
 * Rate limits: the catalog and token limits are raised out of the way; orders keep a
 * limit per user of {@value #ORDERS_PER_MINUTE} a minute, and only the rate-limit test
 * places orders as bob, so alice and admin stay under it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
abstract class AttackSuite {

	static final int PORT = RetailHttp.freePort();

	/** The demo identity provider's issuer, the sample itself. */
	static final String ISSUER = "http://localhost:" + PORT;

	static final int ORDERS_PER_MINUTE = 40;

	/** The demo partner's API key, published in docs/sample.md: demo only. */
	static final String PARTNER_KEY = "9FkCxTuGukiu_oVU0UExwIA2U4_MJfff1xpOAGpi1xM";

	static final String PARTNER_ISSUER = ExternalServer.PARTNER_ISSUER;

	static final RetailHttp http = new RetailHttp(PORT);

	static final ExternalServer external = ExternalServer.start();

	private static volatile boolean keysReady;

	private static String alice;

	private static String bob;

	private static String admin;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.limits.catalog-burst-per-second", () -> 100_000);
		registry.add("retail.limits.catalog-per-minute", () -> 100_000);
		registry.add("retail.limits.tokens-per-minute", () -> 100_000);
		registry.add("retail.limits.orders-per-minute", () -> ORDERS_PER_MINUTE);
		// A list set here replaces application.yml's: the demo issuer first, as
		// configured there.
		registry.add("apisec.jwt.issuers[0].issuer-uri", () -> ISSUER);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", () -> ISSUER + "/oauth2/jwks");
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		registry.add("apisec.jwt.issuers[0].preset", () -> "spring-authorization-server");
		registry.add("apisec.jwt.issuers[1].issuer-uri", () -> PARTNER_ISSUER);
		registry.add("apisec.jwt.issuers[1].jwk-set-uri", () -> external.partnerJwksUri().toString());
		registry.add("apisec.jwt.issuers[1].audiences[0]", () -> "retail-api");
		registry.add("apisec.jwt.issuers[1].preset", () -> "spring-authorization-server");
		registry.add("apisec.jwt.issuers[1].algorithms", () -> "RS256,ES256");
		// Spring Boot's tests turn metrics export off; the Prometheus endpoint needs it.
		registry.add("management.prometheus.metrics.export.enabled", () -> true);
	}

	/**
	 * Wait until the API has the demo provider's keys: it fetches them in the background
	 * at startup, and on a busy machine the first request can come first (503). Runs
	 * before each test (the context starts with the first test instance), and waits only
	 * once.
	 */
	@BeforeEach
	void awaitIdentityProviderKeys() {
		if (!keysReady) {
			http.awaitKeys(alice());
			keysReady = true;
		}
	}

	static synchronized String alice() {
		if (alice == null) {
			alice = http.token("alice", "alice-secret", null);
		}
		return alice;
	}

	static synchronized String bob() {
		if (bob == null) {
			bob = http.token("bob", "bob-secret", null);
		}
		return bob;
	}

	static synchronized String admin() {
		if (admin == null) {
			admin = http.token("admin", "admin-secret", null);
		}
		return admin;
	}

	/**
	 * Return the demo provider's signing key, as anyone can fetch it from its JWK Set.
	 * @return the public key
	 */
	static RSAKey issuerPublicKey() {
		try {
			return JWKSet.parse(call("GET", "/oauth2/jwks", null, null).body()).getKeys().get(0).toRSAKey();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static HttpResponse<String> call(String method, String path, String token, String body) {
		return http.call(method, path, token, body);
	}

	static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(http.uri(path));
	}

	static HttpResponse<String> send(HttpRequest.Builder request) {
		return RetailHttp.send(request.build());
	}

	static HttpResponse<String> withApiKey(String method, String path, String key, String body) {
		HttpRequest.Builder request = request(path).header("X-API-Key", key)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request);
	}

	static JsonNode json(HttpResponse<String> response) {
		return Refusals.read(response.body());
	}

}
