package dev.apisec.authorization;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.ApiKeys;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule roles written as the identity provider names them (lower case, as Keycloak's realm
 * roles are) match the upper-cased authorities the issuer's default role case makes of
 * them, in rules, in the role hierarchy and for the actuator; API keys keep their roles
 * as configured and are compared with rule roles as written only.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,beans")
class RoleCaseHttpTests {

	static final JwksServer idp = new JwksServer();

	static final RSAKey key = Tokens.rsaKey("role-case-key");

	static final String READER_KEY = "role-case-reader-key-0123456789";

	static final String UPPER_CASE_KEY = "role-case-upper-case-key-0123456789";

	static {
		idp.publish(key.toPublicJWK());
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		registry.add("apisec.authorization.rules[0].name", () -> "inventory");
		registry.add("apisec.authorization.rules[0].paths[0]", () -> "/api/me");
		registry.add("apisec.authorization.rules[0].roles[0]", () -> "inventory-reader");
		registry.add("apisec.authorization.rules[1].name", () -> "managers");
		registry.add("apisec.authorization.rules[1].paths[0]", () -> "/api/admin/**");
		registry.add("apisec.authorization.rules[1].roles[0]", () -> "store-manager");
		registry.add("apisec.authorization.role-hierarchy[0]", () -> "inventory-admin > store-manager");
		registry.add("apisec.authorization.actuator-role", () -> "ops-admin");
		registry.add("apisec.api-keys.keys[0].id", () -> "reader");
		registry.add("apisec.api-keys.keys[0].hash", () -> ApiKeys.hexHash(READER_KEY));
		registry.add("apisec.api-keys.keys[0].roles[0]", () -> "inventory-reader");
		registry.add("apisec.api-keys.keys[1].id", () -> "upper-case");
		registry.add("apisec.api-keys.keys[1].hash", () -> ApiKeys.hexHash(UPPER_CASE_KEY));
		registry.add("apisec.api-keys.keys[1].roles[0]", () -> "INVENTORY-READER");
		registry.add("apisec.api-keys.keys[1].roles[1]", () -> "OPS-ADMIN");
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

	private static String token(String... roles) {
		return Tokens.sign(key,
				Tokens.claims(idp.issuer(), "retail-api", "keycloak-user").claim("roles", List.of(roles)).build());
	}

	@Test
	void ruleRoleWrittenAsTheProviderNamesItMatchesTheUpperCasedAuthority() {
		HttpResponse<String> response = this.http.get("/api/me", token("inventory-reader"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("ROLE_INVENTORY-READER");
	}

	@Test
	void tokenRoleInUpperCaseMatchesTooSinceTheIssuerUpperCasesEveryRole() {
		assertThat(this.http.get("/api/me", token("INVENTORY-READER")).statusCode()).isEqualTo(200);
	}

	@Test
	void anotherRoleIsStillDeniedWith403() {
		HttpResponse<String> response = this.http.get("/api/me", token("inventory-writer"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("Access denied by rule 'inventory'");
	}

	@Test
	void lowerCaseRoleHierarchyReachesTheUpperCasedAuthorities() {
		assertThat(this.http.get("/api/admin/me", token("inventory-admin")).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/admin/me", token("store-manager")).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/admin/me", token("inventory-reader")).statusCode()).isEqualTo(403);
	}

	@Test
	void lowerCaseActuatorRoleMatchesTheUpperCasedAuthority() {
		assertThat(this.http.get("/actuator/beans", token("ops-admin")).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/beans", token("inventory-admin")).statusCode()).isEqualTo(403);
	}

	@Test
	void apiKeyRolesAreComparedAsConfigured() {
		HttpResponse<String> response = withApiKey("/api/me", READER_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("ROLE_inventory-reader");
	}

	@Test
	void apiKeyRoleInTheIssuersCaseDoesNotMatchTheRuleRoleWrittenOtherwise() {
		// INVENTORY-READER is what the issuer makes of inventory-reader, not what the key
		// holds.
		HttpResponse<String> response = withApiKey("/api/me", UPPER_CASE_KEY);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("Access denied by rule 'inventory'");
		assertThat(withApiKey("/actuator/beans", UPPER_CASE_KEY).statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> withApiKey(String path, String apiKey) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.header("X-API-Key", apiKey)
			.build());
	}

}
