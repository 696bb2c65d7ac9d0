package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("first", "retail-api");

	static {
		idp.server().setDown(true);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addDiscoveryProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
	}

	@LocalServerPort
	int port;

	@Test
	void firstKeysAreRetriedWithinSecondsButNotPerRequest() {
		Http http = new Http(this.port);
		String token = idp.sign(idp.claims("alice").build());
		HttpResponse<String> refused = http.get("/api/me", token);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isBetween(1L, 16L));

		int hitsBefore = idp.server().jwksHits();
		Instant end = Instant.now().plusSeconds(3);
		int requests = 0;
		while (Instant.now().isBefore(end)) {
			assertThat(http.get("/api/me", token).statusCode()).isEqualTo(503);
			requests++;
		}
		// Attempts 1 s, 2 s, 4 s... apart (at most 4 in 3 s on a slow machine): not one
		// per request.
		assertThat(idp.server().jwksHits() - hitsBefore).isLessThanOrEqualTo(4).isLessThan(requests);

		idp.server().setDown(false);
		Instant up = Instant.now();
		Await.until(() -> http.get("/api/me", token).statusCode() == 200, Duration.ofSeconds(15),
				"the keys were fetched once the provider was up");
		// Well before the 30 s minimum refetch interval that applies once keys are known.
		assertThat(Duration.between(up, Instant.now())).isLessThan(Duration.ofSeconds(20));
	}

}
