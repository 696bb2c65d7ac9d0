package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity provider that is down when the application starts, with the default minimum
 * refetch interval (30 s): until the first keys arrive, attempts are 1 s apart, doubling,
 * so the application is usable seconds after the provider comes up, yet a flood of
 * requests still makes no more than a handful of fetches.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JwksFirstKeysRetryHttpTests {

	static final JwksServer idp = new JwksServer();

	static final RSAKey key = Tokens.rsaKey("first");

	static {
		idp.publish(key.toPublicJWK());
		idp.setDown(true);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
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

	@Test
	void firstKeysAreRetriedWithinSecondsButNotPerRequest() {
		Http http = new Http(this.port);
		String token = Tokens.sign(key, Tokens.claims(idp.issuer(), "retail-api", "alice").build());
		HttpResponse<String> refused = http.get("/api/me", token);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isBetween(1L, 16L));

		int hitsBefore = idp.jwksHits();
		Instant end = Instant.now().plusSeconds(3);
		int requests = 0;
		while (Instant.now().isBefore(end)) {
			assertThat(http.get("/api/me", token).statusCode()).isEqualTo(503);
			requests++;
		}
		// Attempts 1 s, 2 s, 4 s... apart (at most 4 in 3 s on a slow machine): not one
		// per request.
		assertThat(idp.jwksHits() - hitsBefore).isLessThanOrEqualTo(4).isLessThan(requests);

		idp.setDown(false);
		Instant up = Instant.now();
		Await.until(() -> http.get("/api/me", token).statusCode() == 200, Duration.ofSeconds(15),
				"the keys were fetched once the provider was up");
		// Well before the 30 s minimum refetch interval that applies once keys are known.
		assertThat(Duration.between(up, Instant.now())).isLessThan(Duration.ofSeconds(20));
	}

}
