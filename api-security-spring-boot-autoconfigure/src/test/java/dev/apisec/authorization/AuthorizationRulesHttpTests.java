package dev.apisec.authorization;

import java.net.http.HttpResponse;
import java.util.List;

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
 * Path rules over real HTTP: first match wins, roles any-of through the hierarchy, scopes
 * all-of, methods, default deny, actuator access and method security.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,info,beans",
				"management.endpoint.health.probes.enabled=true" })
class AuthorizationRulesHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("rules-key", "retail-api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=public-catalog", "paths[0]=/api/public/**",
				"access=public");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=secret-after-public",
				"paths[0]=/api/public/secret", "roles=ADMIN");
		TestProperties.add(registry, "apisec.authorization.rules[2]", "name=admin-area", "paths[0]=/api/admin/**",
				"roles=ADMIN");
		TestProperties.add(registry, "apisec.authorization.rules[3]", "name=orders-read", "paths[0]=/api/orders",
				"methods=GET", "roles=USER", "scopes=orders:read");
		TestProperties.add(registry, "apisec.authorization.rules[4]", "name=orders-write", "paths[0]=/api/orders",
				"methods=POST", "scopes=SCOPE_orders:read,orders:write");
		TestProperties.add(registry, "apisec.authorization.rules[5]", "name=me", "paths[0]=/api/me",
				"paths[1]=/api/reports/{id}", "access=authenticated");
		TestProperties.add(registry, "apisec.authorization.rules[6]", "name=blocked", "paths[0]=/api/blocked/**",
				"access=deny");
		registry.add("apisec.authorization.role-hierarchy[0]", () -> "ADMIN > USER");
	}

	private final Http http;

	AuthorizationRulesHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private static String token(String subject, List<String> roles, String scope) {
		return idp.sign(idp.claims(subject).claim("roles", roles).claim("scope", scope).build());
	}

	private static final String USER = token("alice", List.of("user"), "orders:read");

	private static final String USER_WITHOUT_SCOPE = token("bob", List.of("user"), "profile");

	private static final String ADMIN = token("root", List.of("admin"), "orders:read");

	private void assertForbiddenBy(HttpResponse<String> response, String rule) {
		assertForbiddenBy(response, rule, null);
	}

	// A rule that requires scopes names them in the challenge (RFC 6750 3).
	private void assertForbiddenBy(HttpResponse<String> response, String rule, String scope) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer error=\"insufficient_scope\"" + ((scope != null) ? ", scope=\"" + scope + "\"" : ""));
		assertThat(response.body()).contains("urn:apisec:problem:access-denied")
			.contains("Access denied by rule '" + rule + "'");
	}

	@Test
	void unmatchedPathIsDeniedWith401WithoutCredentials() {
		HttpResponse<String> response = this.http.get("/api/unruled", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void unmatchedPathIsDeniedWith403WithCredentials() {
		assertForbiddenBy(this.http.get("/api/unruled", ADMIN), "default-access");
	}

	@Test
	void publicRuleNeedsNoToken() {
		assertThat(this.http.get("/api/public/hello", null).statusCode()).isEqualTo(200);
	}

	@Test
	void firstMatchingRuleWins() {
		// "public-catalog" matches before "secret-after-public", so no credentials are
		// needed (and there is no such endpoint).
		assertThat(this.http.get("/api/public/secret", null).statusCode()).isEqualTo(404);
	}

	@Test
	void roleRuleAdmitsTheRole() {
		assertThat(this.http.get("/api/admin/me", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void roleRuleDeniesOtherRolesNamingTheRule() {
		assertForbiddenBy(this.http.get("/api/admin/me", USER), "admin-area");
	}

	@Test
	void roleRuleAsksAnonymousCallersToAuthenticate() {
		assertThat(this.http.get("/api/admin/me", null).statusCode()).isEqualTo(401);
	}

	@Test
	void roleAndScopeMustBothHold() {
		assertThat(this.http.get("/api/orders", USER).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/orders", USER_WITHOUT_SCOPE), "orders-read", "orders:read");
	}

	@Test
	void roleHierarchyGivesAdminTheUserRole() {
		assertThat(this.http.get("/api/orders", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void allScopesOfARuleAreRequired() {
		assertForbiddenBy(this.http.send("POST", "/api/orders", USER), "orders-write", "orders:read orders:write");
		String both = token("carol", List.of(), "orders:read orders:write");
		assertThat(this.http.send("POST", "/api/orders", both).statusCode()).isEqualTo(200);
	}

	@Test
	void methodWithoutRuleFallsToDefaultDeny() {
		assertForbiddenBy(this.http.send("PUT", "/api/orders", ADMIN), "default-access");
	}

	@Test
	void denyRuleDeniesEveryone() {
		assertForbiddenBy(this.http.get("/api/blocked/x", ADMIN), "blocked");
	}

	@Test
	void pathsAreCaseSensitive() {
		assertThat(this.http.get("/API/public/hello", null).statusCode()).isEqualTo(401);
		assertForbiddenBy(this.http.get("/API/ME", USER), "default-access");
	}

	@Test
	void healthIsPublicWithItsProbes() {
		assertThat(this.http.get("/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	@Test
	void otherActuatorEndpointsNeedTheActuatorRole() {
		assertThat(this.http.get("/actuator/info", null).statusCode()).isEqualTo(401);
		assertForbiddenBy(this.http.get("/actuator/beans", USER), "actuator");
		assertThat(this.http.get("/actuator/beans", ADMIN).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator", null).statusCode()).isEqualTo(401);
	}

	@Test
	void methodSecurityIsAvailableForObjectLevelChecks() {
		HttpResponse<String> response = this.http.get("/api/reports/7", USER);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.http.get("/api/reports/7", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void responsesCreateNoSession() {
		HttpResponse<String> response = this.http.get("/api/me", USER);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

}
