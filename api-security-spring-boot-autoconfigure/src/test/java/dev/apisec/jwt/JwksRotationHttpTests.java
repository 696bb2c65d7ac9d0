package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation with the default intervals (30 s minimum refetch interval, burst of 3): a
 * key published right after the last fetch is picked up on its first token; a flood of
 * made-up key ids spends the burst and no more; a real new key after the flood is
 * answered 503 with Retry-After (its key cannot be checked yet), never 401 "unknown key",
 * which would make the client throw a good token away. The steps build on each other.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksRotationHttpTests {

	static final JwksServer idp = new JwksServer();

	static final RSAKey first = Tokens.rsaKey("first");

	static final RSAKey second = Tokens.rsaKey("second");

	static final RSAKey third = Tokens.rsaKey("third");

	static {
		idp.publish(first.toPublicJWK());
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		registry.add("apisec.authorization.rules[0].paths", () -> "/api/me");
		registry.add("apisec.authorization.rules[0].access", () -> "authenticated");
	}

	@AfterAll
	static void stopServer() {
		idp.close();
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	private String token(RSAKey key, String subject) {
		return Tokens.sign(key, Tokens.claims(idp.issuer(), "retail-api", subject).build());
	}

	@Test
	@Order(1)
	void keyPublishedRightAfterTheLastFetchIsPickedUpOnItsFirstToken() {
		assertThat(this.http.get("/api/me", token(first, "alice")).statusCode()).isEqualTo(200);
		idp.publish(first.toPublicJWK(), second.toPublicJWK());
		int hits = idp.jwksHits();
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.get("/api/me", token(second, "bob"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// No wait for the 30 s min-refetch-interval: the fetch happens for this very
		// request, which
		// waits at most one fetch timeout (2 s connect plus 2 s read by default), and a
		// busy machine.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4 + 6));
		assertThat(idp.jwksHits()).isEqualTo(hits + 1);
	}

	@Test
	@Order(2)
	void floodOfMadeUpKeyIdsSpendsTheBurstAndThenIsAnswered503NotFetched() {
		int hits = idp.jwksHits();
		int unchecked = 0;
		for (int i = 0; i < 30; i++) {
			RSAKey madeUp = new RSAKey.Builder(first).keyID("made-up-" + i).build();
			HttpResponse<String> response = this.http.get("/api/me", token(madeUp, "mallory"));
			assertThat(response.statusCode()).isIn(401, 503);
			if (response.statusCode() == 503) {
				unchecked++;
			}
		}
		// One fetch went to the rotation above; two are left of the burst of three.
		assertThat(idp.jwksHits() - hits).isLessThanOrEqualTo(2);
		assertThat(unchecked).isGreaterThanOrEqualTo(28);
		assertThat(this.http.get("/api/me", token(first, "alice")).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void realNewKeyWhileTheBudgetIsSpentIs503WithRetryAfterNot401() {
		idp.publish(first.toPublicJWK(), second.toPublicJWK(), third.toPublicJWK());
		HttpResponse<String> response = this.http.get("/api/me", token(third, "carol"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://apisec.dev/problems/keys-unavailable")
			.doesNotContain("invalid_token");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isBetween(1L, 30L));
	}

}
