package dev.apisec.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The {@code jwks} health indicator through the life of an identity provider: down before
 * keys were ever fetched, up once they were, up but stale when a later refresh fails. The
 * steps build on each other, so they run in order.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksHealthHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("health-key", "retail-api");

	static {
		idp.server().setDown(true);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		registry.add("apisec.jwt.jwks.min-refetch-interval", () -> "1s");
		registry.add("apisec.jwt.jwks.refresh-interval", () -> "1s");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	@Autowired
	MeterRegistry meterRegistry;

	JwksHealthHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
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
		assertThat(response.body()).contains("urn:apisec:problem:not-found");
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
		idp.server().setDown(false);
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
		idp.server().setDown(true);
		Await.until(() -> jwksHealth().path("details").path("stale").asBoolean(), Duration.ofSeconds(10),
				"jwks is stale");
		HttpResponse<String> response = this.http.get("/actuator/health/jwks", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = jwksHealth();
		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.path("details").path("issuers").path(idp.issuer()).path("stale").asBoolean()).isTrue();
		assertThat(refreshes("failure")).isGreaterThan(failures);
		assertThat(this.http.get("/api/me", idp.sign(idp.claims("a").build())).statusCode()).isNotEqualTo(503);
	}

}
