package dev.apisec.authorization;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.apisec.test.ApiKeys;
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
 * Rule roles written as the identity provider names them (lower case, as Keycloak's realm
 * roles are) match the upper-cased authorities the issuer's default role case makes of
 * them, in rules, in the role hierarchy and for the actuator; API keys keep their roles
 * as configured and are compared with rule roles as written only.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,beans")
class RoleCaseHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("role-case-key", "retail-api");

	static final String READER_KEY = "role-case-reader-key-0123456789";

	static final String UPPER_CASE_KEY = "role-case-upper-case-key-0123456789";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=inventory", "paths[0]=/api/me",
				"roles[0]=inventory-reader");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=managers", "paths[0]=/api/admin/**",
				"roles[0]=store-manager");
		registry.add("apisec.authorization.role-hierarchy[0]", () -> "inventory-admin > store-manager");
		registry.add("apisec.authorization.actuator-role", () -> "ops-admin");
		TestProperties.add(registry, "apisec.api-keys.keys[0]", "id=reader", "hash=" + ApiKeys.hexHash(READER_KEY),
				"roles[0]=inventory-reader");
		TestProperties.add(registry, "apisec.api-keys.keys[1]", "id=upper-case",
				"hash=" + ApiKeys.hexHash(UPPER_CASE_KEY), "roles[0]=INVENTORY-READER", "roles[1]=OPS-ADMIN");
	}

	private final Http http;

	RoleCaseHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private static String token(String... roles) {
		return idp.token("keycloak-user", roles);
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
		return this.http
			.send(this.http.request(path).timeout(Duration.ofSeconds(10)).header("X-API-Key", apiKey).build());
	}

}
