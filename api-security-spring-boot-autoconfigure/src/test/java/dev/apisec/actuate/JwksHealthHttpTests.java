package dev.apisec.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jwks} health indicator through the life of an identity provider: down before
 * keys were ever fetched, up once they were, up but stale when a later refresh fails. The
 * steps build on each other, so they run in order.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksHealthHttpTests {

	static final JwksServer idp = new JwksServer();

	static final RSAKey key = Tokens.rsaKey("health-key");

	static {
		idp.publish(key.toPublicJWK());
		idp.setDown(true);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		registry.add("apisec.jwt.jwks.min-refetch-interval", () -> "1s");
		registry.add("apisec.jwt.jwks.refresh-interval", () -> "1s");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	@AfterAll
	static void stopServer() {
		idp.close();
	}

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	private JsonNode jwksHealth() {
		HttpResponse<String> response = this.http.get("/actuator/health/jwks", null);
		try {
			return this.json.readTree(response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private double refreshes(String outcome) {
		Counter counter = this.meterRegistry.find("apisec.jwks.refresh")
			.tags("issuer", idp.issuer(), "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void unknownHealthComponentIsA404Problem() {
		// The actuator answers with a bare 404; the starter gives it the problem body.
		HttpResponse<String> response = this.http.get("/actuator/health/no-such-component", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://apisec.dev/problems/not-found");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		// Answers with a body pass untouched.
		assertThat(this.http.get("/actuator/health", null).headers().firstValue("Content-Type").orElse(""))
			.doesNotContain("problem");
	}

	@Test
	@Order(1)
	void downWhileNoKeysWereEverObtained() {
		Await.until(() -> refreshes("failure") >= 1, Duration.ofSeconds(10), "a fetch failed");
		HttpResponse<String> response = this.http.get("/actuator/health/jwks", null);
		assertThat(response.statusCode()).isEqualTo(503);
		JsonNode health = jwksHealth();
		assertThat(health.path("status").asText()).isEqualTo("DOWN");
		JsonNode issuer = health.path("details").path("issuers").path(idp.issuer());
		assertThat(issuer.path("status").asText()).isEqualTo("DOWN");
		assertThat(issuer.path("keys").asInt()).isZero();
		assertThat(issuer.path("lastError").asText()).contains("503");
		assertThat(this.http.get("/actuator/health", null).statusCode()).isEqualTo(503);
	}

	@Test
	@Order(2)
	void upWithFreshKeys() {
		idp.setDown(false);
		Await.until(() -> "UP".equals(jwksHealth().path("status").asText()), Duration.ofSeconds(10), "jwks is UP");
		JsonNode health = jwksHealth();
		assertThat(health.path("details").path("stale").asBoolean()).isFalse();
		JsonNode issuer = health.path("details").path("issuers").path(idp.issuer());
		assertThat(issuer.path("keys").asInt()).isEqualTo(1);
		assertThat(issuer.path("stale").asBoolean()).isFalse();
		assertThat(issuer.has("lastRefresh")).isTrue();
		assertThat(refreshes("success")).isGreaterThanOrEqualTo(1);
	}

	@Test
	@Order(3)
	void upButStaleWhenARefreshFailsAfterKeysWereObtained() {
		double failures = refreshes("failure");
		idp.setDown(true);
		Await.until(() -> jwksHealth().path("details").path("stale").asBoolean(), Duration.ofSeconds(10),
				"jwks is stale");
		HttpResponse<String> response = this.http.get("/actuator/health/jwks", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = jwksHealth();
		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.path("details").path("issuers").path(idp.issuer()).path("stale").asBoolean()).isTrue();
		assertThat(refreshes("failure")).isGreaterThan(failures);
		assertThat(this.http.get("/api/me", Tokens.sign(key, Tokens.claims(idp.issuer(), "retail-api", "a").build()))
			.statusCode()).isNotEqualTo(503);
	}

}
