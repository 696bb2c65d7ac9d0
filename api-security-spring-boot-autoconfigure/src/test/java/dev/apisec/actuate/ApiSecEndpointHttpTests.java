package dev.apisec.actuate;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code apisec} endpoint and the starter's counters over real HTTP: who may read the
 * endpoint, what it shows (and never shows), and the counters after real requests.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiSecEndpointHttpTests {

	static final String HMAC_SECRET = "hmac-secret-that-must-never-be-shown-0123456789";

	static final String API_KEY_HASH = "dd3035898cd3b6820bf7a1c708741f15fa5606ce3543cac63d20c4f6d9348a89";

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("endpoint-key", "retail-api");

	@RegisterExtension
	static final TestIssuer hmac = TestIssuer.hmac("https://hmac.example", HMAC_SECRET, "retail-api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		hmac.addProperties(registry, 1);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=me", "paths=/api/me",
				"access=authenticated");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=admin-only", "paths=/api/admin/**",
				"methods=GET", "roles=ADMIN");
		TestProperties.add(registry, "apisec.authorization.rules[2]", "name=tenants",
				"paths=/api/tenants/{tenantId}/**", "claims.tenant={tenantId}", "claims.department=finance",
				"expression=hasRole('USER')");
		TestProperties.add(registry, "apisec.api-keys.keys[0]", "id=partner-a", "hash=" + API_KEY_HASH, "roles=PARTNER",
				"expires-at=2030-01-01T00:00:00Z", "attributes.store=north");
		TestProperties.add(registry, "apisec.rate-limit.policies[0]", "name=limited", "paths[0]=/api/limited/**",
				"key=principal", "limits[0].capacity=100", "limits[0].period=1m");
		TestProperties.add(registry, "apisec.cors.mappings[0]", "paths[0]=/api/**",
				"allowed-origins[0]=https://shop.example", "allowed-methods[0]=GET");
		TestProperties.add(registry, "apisec.deprecations[0]", "paths[0]=/legacy/**", "sunset=2027-06-30");
		registry.add("management.endpoints.web.exposure.include", () -> "health,apisec");
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	@Autowired
	MeterRegistry meterRegistry;

	ApiSecEndpointHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@BeforeEach
	void awaitKeys() {
		idp.awaitKeysFetched(this.http, "/api/me", idp.token("warm-up", "USER"));
	}

	private double count(String name, String... tags) {
		Counter counter = this.meterRegistry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void endpointNeedsTheActuatorRole() {
		assertThat(this.http.get("/actuator/apisec", null).statusCode()).isEqualTo(401);
		assertThat(this.http.get("/actuator/apisec", idp.token("alice", "USER")).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/actuator/apisec", idp.token("root", "ADMIN")).statusCode()).isEqualTo(200);
	}

	@Test
	void endpointShowsTheEffectiveConfiguration() throws Exception {
		HttpResponse<String> response = this.http.get("/actuator/apisec", idp.token("root", "ADMIN"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		JsonNode jwks = body.path("issuers").get(0);
		assertThat(jwks.path("issuerUri").asText()).isEqualTo(idp.issuer());
		assertThat(jwks.path("audiences").get(0).asText()).isEqualTo("retail-api");
		assertThat(jwks.path("algorithms").get(0).asText()).isEqualTo("RS256");
		assertThat(jwks.path("keyIds").get(0).asText()).isEqualTo("endpoint-key");
		assertThat(jwks.path("lastRefresh").isTextual()).isTrue();
		assertThat(jwks.path("nextRefresh").isTextual()).isTrue();
		assertThat(jwks.path("lastError").isNull()).isTrue();
		assertThat(body.path("issuers").get(1).path("keySource").asText()).isEqualTo("hmac-secret");
		JsonNode rules = body.path("authorization").path("rules");
		assertThat(rules.get(0).path("name").asText()).isEqualTo("me");
		assertThat(rules.get(0).path("access").asText()).isEqualTo("authenticated");
		assertThat(rules.get(1).path("name").asText()).isEqualTo("admin-only");
		assertThat(rules.get(1).path("methods").get(0).asText()).isEqualTo("GET");
		assertThat(rules.get(1).path("roles").get(0).asText()).isEqualTo("ADMIN");
		assertThat(rules.get(1).path("claims").isEmpty()).isTrue();
		assertThat(rules.get(1).path("hasExpression").asBoolean()).isFalse();
		assertThat(rules.get(2).path("claims").toString())
			.isEqualTo("{\"tenant\":\"{tenantId}\",\"department\":\"finance\"}");
		assertThat(rules.get(2).path("hasExpression").asBoolean()).isTrue();
		assertThat(body.path("authorization").path("defaultAccess").asText()).isEqualTo("deny");
		JsonNode rateLimit = body.path("rateLimit");
		assertThat(rateLimit.path("backend").asText()).isEqualTo("memory");
		assertThat(rateLimit.path("policies").get(0).path("name").asText()).isEqualTo("limited");
		assertThat(rateLimit.path("policies").get(0).path("key").asText()).isEqualTo("principal");
		assertThat(rateLimit.path("policies").get(0).path("limits").get(0).path("capacity").asLong()).isEqualTo(100);
		JsonNode apiKey = body.path("apiKeys").path("keys").get(0);
		assertThat(apiKey.path("id").asText()).isEqualTo("partner-a");
		assertThat(apiKey.path("expiresAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
		assertThat(apiKey.path("attributes").toString()).isEqualTo("{\"store\":[\"north\"]}");
		assertThat(body.path("cors").get(0).path("allowedOrigins").get(0).asText()).isEqualTo("https://shop.example");
		assertThat(body.path("headers").path("enabled").asBoolean()).isTrue();
		assertThat(body.path("deprecations").get(0).path("sunset").asText()).isEqualTo("2027-06-30");
		assertThat(body.has("mtls")).isFalse();
		assertThat(body.has("clients")).isFalse();
	}

	@Test
	void endpointNeverShowsSecretsOrHashes() {
		String body = this.http.get("/actuator/apisec", idp.token("root", "ADMIN")).body();
		assertThat(body).doesNotContain(HMAC_SECRET)
			.doesNotContain(API_KEY_HASH)
			.doesNotContain(idp.key().getModulus().toString())
			.doesNotContainIgnoringCase("\"hash\"")
			.doesNotContainIgnoringCase("secret\":");
	}

	@Test
	void authenticationOutcomesAreCountedByReason() {
		double success = count("apisec.auth", "method", "jwt", "outcome", "success", "reason", "none");
		double expired = count("apisec.auth", "outcome", "failure", "reason", "expired");
		double badSignature = count("apisec.auth", "outcome", "failure", "reason", "bad_signature");
		double wrongAudience = count("apisec.auth", "outcome", "failure", "reason", "wrong_audience");
		double unknownIssuer = count("apisec.auth", "outcome", "failure", "reason", "unknown_issuer");
		Instant now = Instant.now();
		JWTClaimsSet expiredClaims = idp.claims("late")
			.issueTime(Date.from(now.minusSeconds(7200)))
			.expirationTime(Date.from(now.minusSeconds(3600)))
			.build();
		assertThat(this.http.get("/api/me", idp.sign(expiredClaims)).statusCode()).isEqualTo(401);
		String valid = idp.token("alice", "USER");
		String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA"
				+ valid.substring(valid.lastIndexOf('.') + 5);
		assertThat(this.http.get("/api/me", tampered).statusCode()).isEqualTo(401);
		assertThat(
				this.http.get("/api/me", idp.sign(Tokens.claims(idp.issuer(), "other-api", "x").build())).statusCode())
			.isEqualTo(401);
		assertThat(this.http.get("/api/me", idp.sign(Tokens.claims("https://evil.example", "retail-api", "x").build()))
			.statusCode()).isEqualTo(401);
		assertThat(this.http.get("/api/me", valid).statusCode()).isEqualTo(200);
		assertThat(count("apisec.auth", "method", "jwt", "outcome", "success", "reason", "none"))
			.isEqualTo(success + 1);
		assertThat(count("apisec.auth", "outcome", "failure", "reason", "expired")).isEqualTo(expired + 1);
		assertThat(count("apisec.auth", "outcome", "failure", "reason", "bad_signature")).isEqualTo(badSignature + 1);
		assertThat(count("apisec.auth", "outcome", "failure", "reason", "wrong_audience")).isEqualTo(wrongAudience + 1);
		assertThat(count("apisec.auth", "outcome", "failure", "reason", "unknown_issuer")).isEqualTo(unknownIssuer + 1);
	}

	@Test
	void validatedTokenCacheHitsAndMissesAreCounted() {
		double hits = count("apisec.jwt.validated_token_cache", "result", "hit");
		double misses = count("apisec.jwt.validated_token_cache", "result", "miss");
		String token = idp.token("cached", "USER");
		assertThat(this.http.get("/api/me", token).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/me", token).statusCode()).isEqualTo(200);
		assertThat(count("apisec.jwt.validated_token_cache", "result", "miss")).isEqualTo(misses + 1);
		assertThat(count("apisec.jwt.validated_token_cache", "result", "hit")).isEqualTo(hits + 1);
	}

	@Test
	void denialsAreCountedByRule() {
		double adminOnly = count("apisec.authz.denied", "rule", "admin-only");
		double defaultAccess = count("apisec.authz.denied", "rule", "default-access");
		double actuator = count("apisec.authz.denied", "rule", "actuator");
		assertThat(this.http.get("/api/admin/me", idp.token("alice", "USER")).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/api/unruled", idp.token("alice", "USER")).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/actuator/apisec", idp.token("alice", "USER")).statusCode()).isEqualTo(403);
		assertThat(count("apisec.authz.denied", "rule", "admin-only")).isEqualTo(adminOnly + 1);
		assertThat(count("apisec.authz.denied", "rule", "default-access")).isEqualTo(defaultAccess + 1);
		assertThat(count("apisec.authz.denied", "rule", "actuator")).isEqualTo(actuator + 1);
	}

	@Test
	void successfulKeyFetchesAreCounted() {
		assertThat(count("apisec.jwks.refresh", "issuer", idp.issuer(), "outcome", "success"))
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meterRegistry.find("apisec.jwks.refresh").counters())
			.allSatisfy((counter) -> assertThat(Map.of("issuer", counter.getId().getTag("issuer")))
				.containsValue(idp.issuer()));
	}

}
