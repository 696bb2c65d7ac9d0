package dev.apisec.authorization;

import java.net.http.HttpResponse;
import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
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
 * Path rules over real HTTP: first match wins, roles any-of through the hierarchy, scopes
 * all-of, methods, default deny, actuator access and method security.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,info,beans",
				"management.endpoint.health.probes.enabled=true" })
class AuthorizationRulesHttpTests {

	static final JwksServer idp = new JwksServer();

	static final RSAKey key = Tokens.rsaKey("rules-key");

	static {
		idp.publish(key.toPublicJWK());
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		rule(registry, 0, "public-catalog", "/api/public/**", null, "access", "public");
		rule(registry, 1, "secret-after-public", "/api/public/secret", null, "roles", "ADMIN");
		rule(registry, 2, "admin-area", "/api/admin/**", null, "roles", "ADMIN");
		rule(registry, 3, "orders-read", "/api/orders", "GET", "roles", "USER");
		registry.add("apisec.authorization.rules[3].scopes", () -> "orders:read");
		rule(registry, 4, "orders-write", "/api/orders", "POST", "scopes", "SCOPE_orders:read,orders:write");
		rule(registry, 5, "me", "/api/me", null, "access", "authenticated");
		registry.add("apisec.authorization.rules[5].paths[1]", () -> "/api/reports/{id}");
		rule(registry, 6, "blocked", "/api/blocked/**", null, "access", "deny");
		registry.add("apisec.authorization.role-hierarchy[0]", () -> "ADMIN > USER");
	}

	private static void rule(DynamicPropertyRegistry registry, int index, String name, String path, String method,
			String key, String value) {
		String prefix = "apisec.authorization.rules[" + index + "].";
		registry.add(prefix + "name", () -> name);
		registry.add(prefix + "paths[0]", () -> path);
		if (method != null) {
			registry.add(prefix + "methods", () -> method);
		}
		registry.add(prefix + key, () -> value);
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

	private static String token(String subject, List<String> roles, String scope) {
		return Tokens.sign(key,
				Tokens.claims(idp.issuer(), "retail-api", subject).claim("roles", roles).claim("scope", scope).build());
	}

	private static final String USER = token("alice", List.of("user"), "orders:read");

	private static final String USER_WITHOUT_SCOPE = token("bob", List.of("user"), "profile");

	private static final String ADMIN = token("root", List.of("admin"), "orders:read");

	private void assertForbiddenBy(HttpResponse<String> response, String rule) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
		assertThat(response.body()).contains("https://apisec.dev/problems/access-denied")
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
		// needed
		// (and there is no such endpoint).
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
		assertForbiddenBy(this.http.get("/api/orders", USER_WITHOUT_SCOPE), "orders-read");
	}

	@Test
	void roleHierarchyGivesAdminTheUserRole() {
		assertThat(this.http.get("/api/orders", ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void allScopesOfARuleAreRequired() {
		assertForbiddenBy(this.http.send("POST", "/api/orders", USER), "orders-write");
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
