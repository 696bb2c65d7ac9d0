package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("first", "retail-api");

	static final RSAKey first = idp.key();

	static final RSAKey second = Tokens.rsaKey("second");

	static final RSAKey third = Tokens.rsaKey("third");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
	}

	private final Http http;

	JwksRotationHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private String token(RSAKey key, String subject) {
		return Tokens.sign(key, idp.claims(subject).build());
	}

	@Test
	@Order(1)
	void keyPublishedRightAfterTheLastFetchIsPickedUpOnItsFirstToken() {
		assertThat(this.http.get("/api/me", token(first, "alice")).statusCode()).isEqualTo(200);
		idp.server().publish(first.toPublicJWK(), second.toPublicJWK());
		int hits = idp.server().jwksHits();
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.get("/api/me", token(second, "bob"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// No wait for the 30 s min-refetch-interval: the fetch happens for this very
		// request, which waits at most one fetch timeout (2 s connect plus 2 s read by
		// default), and a busy machine.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4 + 6));
		assertThat(idp.server().jwksHits()).isEqualTo(hits + 1);
	}

	@Test
	@Order(2)
	void floodOfMadeUpKeyIdsSpendsTheBurstAndThenIsAnswered503NotFetched() {
		int hits = idp.server().jwksHits();
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
		assertThat(idp.server().jwksHits() - hits).isLessThanOrEqualTo(2);
		assertThat(unchecked).isGreaterThanOrEqualTo(28);
		assertThat(this.http.get("/api/me", token(first, "alice")).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void realNewKeyWhileTheBudgetIsSpentIs503WithRetryAfterNot401() {
		idp.server().publish(first.toPublicJWK(), second.toPublicJWK(), third.toPublicJWK());
		HttpResponse<String> response = this.http.get("/api/me", token(third, "carol"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:keys-unavailable").doesNotContain("invalid_token");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isBetween(1L, 30L));
	}

}
