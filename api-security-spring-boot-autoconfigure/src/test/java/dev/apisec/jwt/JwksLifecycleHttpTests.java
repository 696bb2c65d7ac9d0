package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Await;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of an issuer's keys over real HTTP: the identity provider down at startup,
 * then up; a rotated key; keys kept while the provider is down; a withdrawn key. The
 * steps build on each other, so they run in order.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksLifecycleHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("first", "retail-api");

	static final RSAKey first = idp.key();

	static final RSAKey second = Tokens.rsaKey("second");

	static {
		idp.server().setDown(true);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addDiscoveryProperties(registry, 0);
		registry.add("apisec.jwt.jwks.min-refetch-interval", () -> "1s");
		registry.add("apisec.jwt.jwks.refresh-interval", () -> "1h");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
	}

	private final Http http;

	@Autowired
	TrustedIssuers issuers;

	JwksLifecycleHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private String token(RSAKey key, String subject) {
		return Tokens.sign(key, idp.claims(subject).build());
	}

	private KeyStatus status() {
		return this.issuers.get(idp.issuer()).getKeyStatus();
	}

	private void awaitRefetchAllowed() {
		Instant lastAttempt = Instant.now();
		Await.until(() -> Instant.now().isAfter(lastAttempt.plusMillis(1100)), Duration.ofSeconds(5),
				"the minimum refetch interval has passed");
	}

	@Test
	@Order(1)
	void applicationStartsWhileIdentityProviderIsDownAndAnswers503WithRetryAfter() {
		HttpResponse<String> response = this.http.get("/api/me", token(first, "alice"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isBetween(1L, 2L));
		assertThat(response.body()).contains("urn:apisec:problem:keys-unavailable").doesNotContain("Exception");
		assertThat(status().hasKeys()).isFalse();
		assertThat(status().lastError()).isNotNull();
	}

	@Test
	@Order(2)
	void keysAreFetchedInTheBackgroundOnceTheIdentityProviderIsUp() {
		idp.server().setDown(false);
		Await.until(() -> status().hasKeys(), Duration.ofSeconds(10), "keys were fetched");
		assertThat(this.http.get("/api/me", token(first, "alice")).statusCode()).isEqualTo(200);
		assertThat(status().keyIds()).containsExactly("first");
		assertThat(status().lastError()).isNull();
	}

	@Test
	@Order(3)
	void tokenSignedWithANewlyPublishedKeyIsAcceptedAfterOneRefetch() {
		idp.server().publish(first.toPublicJWK(), second.toPublicJWK());
		awaitRefetchAllowed();
		int hits = idp.server().jwksHits();
		assertThat(this.http.get("/api/me", token(second, "bob")).statusCode()).isEqualTo(200);
		assertThat(idp.server().jwksHits()).isEqualTo(hits + 1);
		assertThat(this.http.get("/api/me", token(second, "bob")).statusCode()).isEqualTo(200);
		assertThat(idp.server().jwksHits()).isEqualTo(hits + 1);
	}

	@Test
	@Order(4)
	void knownKeysStayUsableWhileTheIdentityProviderIsDown() {
		idp.server().setDown(true);
		awaitRefetchAllowed();
		RSAKey unknown = Tokens.rsaKey("unknown");
		// Its key cannot be checked while the provider is down: 503, the token may be
		// good.
		HttpResponse<String> unchecked = this.http.get("/api/me", token(unknown, "mallory"));
		assertThat(unchecked.statusCode()).isEqualTo(503);
		assertThat(unchecked.body()).contains("urn:apisec:problem:keys-unavailable");
		assertThat(status().lastError()).contains("503");
		assertThat(this.http.get("/api/me", token(first, "carol")).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/me", token(second, "dave")).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(5)
	void cachedValidationEndsWhenItsKeyIsWithdrawn() {
		String cached = token(first, "erin");
		assertThat(this.http.get("/api/me", cached).statusCode()).isEqualTo(200);
		idp.server().setDown(false);
		idp.server().publish(second.toPublicJWK());
		awaitRefetchAllowed();
		// An unknown key id triggers the refetch that learns "first" is gone.
		assertThat(this.http.get("/api/me", token(Tokens.rsaKey("other"), "x")).statusCode()).isEqualTo(401);
		assertThat(status().keyIds()).containsExactly("second");
		HttpResponse<String> response = this.http.get("/api/me", cached);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains(JwtFailureReason.UNKNOWN_KEY.description());
	}

}
