package dev.apisec.authorization;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
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
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attribute rules over real HTTP with real signed tokens and API keys: claim values, path
 * variables (also encoded and tricky ones), list, nested, numeric and missing claims,
 * expressions, and the 403 that names the rule and nothing else.
 */
@SpringBootTest(classes = { TestApplication.class, AttributeRulesHttpTests.AttributeController.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class AttributeRulesHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("attribute-rules-key", "api");

	static final String NORTH_KEY = "store-north-key-3c1e5a7b9d2f4a6c8e0b1d3f5a7c9e2b";

	static final String PLAIN_KEY = "plain-key-8e6c4a2f0d8b6e4c2a0f8d6b4e2c0a8f";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		registry.add("apisec.authorization.role-hierarchy[0]", () -> "ADMIN > USER");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=tenant-orders",
				"paths[0]=/api/tenants/{tenantId}/**", "roles=USER", "claims.tenant={tenantId}");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=finance-invoices", "paths[0]=/api/invoices",
				"claims.department=finance");
		TestProperties.add(registry, "apisec.authorization.rules[2]", "name=org-docs",
				"paths[0]=/api/orgs/{orgId}/docs", "claims.organization.id={orgId}",
				"claims[https://example.com/plan]=gold");
		TestProperties.add(registry, "apisec.authorization.rules[3]", "name=region-stats",
				"paths[0]=/api/regions/{region}/stats", "claims.regions={region}");
		TestProperties.add(registry, "apisec.authorization.rules[4]", "name=clearance", "paths[0]=/api/levels",
				"claims.clearance=3", "claims.verified=true");
		TestProperties.add(registry, "apisec.authorization.rules[5]", "name=store-inventory",
				"paths[0]=/api/stores/{storeId}/inventory", "paths[1]=/api/shops/{storeId}/inventory",
				"claims.store={storeId}");
		TestProperties.add(registry, "apisec.authorization.rules[6]", "name=projects",
				"paths[0]=/api/projects/{projectId}",
				"expression=hasRole('USER') and principal.claims['projects'].contains(#projectId)");
		TestProperties.add(registry, "apisec.api-keys.keys[0]", "id=store-north", "hash=" + ApiKeys.hexHash(NORTH_KEY),
				"attributes.store=north", "attributes.projects=p-1");
		TestProperties.add(registry, "apisec.api-keys.keys[1]", "id=plain", "hash=" + ApiKeys.hexHash(PLAIN_KEY),
				"roles=USER");
	}

	private final Http http;

	AttributeRulesHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private static String token(String subject, Consumer<JWTClaimsSet.Builder> claims) {
		JWTClaimsSet.Builder builder = idp.claims(subject);
		claims.accept(builder);
		return idp.sign(builder.build());
	}

	private static final String ACME_USER = token("alice",
			(claims) -> claims.claim("roles", List.of("user")).claim("tenant", "acme"));

	private static final String ACME_ADMIN = token("root",
			(claims) -> claims.claim("roles", List.of("admin")).claim("tenant", "acme"));

	private static final String ACME_GUEST = token("gus",
			(claims) -> claims.claim("roles", List.of("guest")).claim("tenant", "acme"));

	private static final String NO_TENANT = token("nobody", (claims) -> claims.claim("roles", List.of("user")));

	private HttpResponse<String> withApiKey(String path, String apiKey) {
		return this.http.send(this.http.request(path).header("X-API-Key", apiKey).GET().build());
	}

	private static void assertForbiddenBy(HttpResponse<String> response, String rule) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:access-denied")
			.contains("\"detail\":\"Access denied by rule '" + rule + "'.\"");
	}

	private static void assertRejectedAsBadRequest(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void claimEqualToThePathVariableIsAdmitted() {
		HttpResponse<String> response = this.http.get("/api/tenants/acme/orders", ACME_USER);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"tenant\":\"acme\"").contains("\"caller\":\"alice\"");
	}

	@Test
	void claimOfAnotherTenantIsDeniedNamingTheRuleButNotTheClaim() {
		HttpResponse<String> response = this.http.get("/api/tenants/globex/orders", ACME_USER);
		assertForbiddenBy(response, "tenant-orders");
		assertThat(response.body()).doesNotContain("acme");
	}

	@Test
	void variableBindingIsCaseSensitive() {
		assertForbiddenBy(this.http.get("/api/tenants/ACME/orders", ACME_USER), "tenant-orders");
		assertForbiddenBy(this.http.get("/api/tenants/Acme/orders", ACME_USER), "tenant-orders");
	}

	@Test
	void variableIsComparedDecodedAsTheControllerSeesIt() {
		// %61 is "a": the rule and the controller both see "acme", so they cannot
		// disagree.
		HttpResponse<String> response = this.http.get("/api/tenants/%61cme/orders", ACME_USER);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"tenant\":\"acme\"");
		assertForbiddenBy(this.http.get("/api/tenants/acme%20/orders", ACME_USER), "tenant-orders");
		assertForbiddenBy(this.http.get("/api/tenants/ac%20me/orders", ACME_USER), "tenant-orders");
	}

	@Test
	void encodedSlashesAndBackslashesInAVariableAreRejectedBeforeAnyRule() {
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme%2Fglobex/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme%2fglobex/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme%5Cglobex/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme%252Fglobex/orders", ACME_USER));
	}

	@Test
	void encodedNullIsRejectedByTheServletContainerItself() {
		// Tomcat refuses %00 while decoding the path, before any filter; the starter's
		// error report valve makes that a problem like the others (its instance is the
		// path sent).
		HttpResponse<String> response = this.http.get("/api/tenants/acme%00/orders", ACME_USER);
		assertRejectedAsBadRequest(response);
		assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("<html");
	}

	@Test
	void dotSegmentsCannotMoveARequestIntoAnotherTenant() {
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme/../globex/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/globex/../acme/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/%2e%2e/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme/%2E%2E/globex/orders", ACME_USER));
	}

	@Test
	void matrixParametersAndEmptySegmentsAreRejected() {
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme;globex/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants/acme%3Bx/orders", ACME_USER));
		assertRejectedAsBadRequest(this.http.get("/api/tenants//orders", ACME_USER));
	}

	@Test
	void missingClaimNeverMatches() {
		assertForbiddenBy(this.http.get("/api/tenants/acme/orders", NO_TENANT), "tenant-orders");
	}

	@Test
	void rolesAndClaimsMustBothHoldWithTheRoleHierarchy() {
		assertForbiddenBy(this.http.get("/api/tenants/acme/orders", ACME_GUEST), "tenant-orders");
		assertThat(this.http.get("/api/tenants/acme/orders", ACME_ADMIN).statusCode()).isEqualTo(200);
	}

	@Test
	void anonymousCallerOfAClaimRuleIsAskedToAuthenticate() {
		HttpResponse<String> response = this.http.get("/api/tenants/acme/orders", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void fixedClaimValueMatchesExactly() {
		String finance = token("fiona", (claims) -> claims.claim("department", "finance"));
		String sales = token("sam", (claims) -> claims.claim("department", "sales"));
		String financeUpper = token("fred", (claims) -> claims.claim("department", "Finance"));
		String financeList = token("fran", (claims) -> claims.claim("department", List.of("sales", "finance")));
		assertThat(this.http.get("/api/invoices", finance).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/invoices", sales), "finance-invoices");
		assertForbiddenBy(this.http.get("/api/invoices", financeUpper), "finance-invoices");
		assertForbiddenBy(this.http.get("/api/invoices", NO_TENANT), "finance-invoices");
		assertThat(this.http.get("/api/invoices", financeList).statusCode()).isEqualTo(200);
	}

	@Test
	void listClaimMatchesWhenItContainsTheValue() {
		String token = token("ella", (claims) -> claims.claim("regions", List.of("eu", "us")));
		assertThat(this.http.get("/api/regions/eu/stats", token).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/regions/us/stats", token).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/regions/apac/stats", token), "region-stats");
		// A space-separated string is one value, not a list.
		String spaced = token("sid", (claims) -> claims.claim("regions", "eu us"));
		assertForbiddenBy(this.http.get("/api/regions/eu/stats", spaced), "region-stats");
		String empty = token("emma", (claims) -> claims.claim("regions", List.of()));
		assertForbiddenBy(this.http.get("/api/regions/eu/stats", empty), "region-stats");
	}

	@Test
	void nestedClaimsAndClaimNamesWithDotsAreFound() {
		String gold = token("olga", (claims) -> claims.claim("organization", Map.of("id", "acme"))
			.claim("https://example.com/plan", "gold"));
		String silver = token("olaf", (claims) -> claims.claim("organization", Map.of("id", "acme"))
			.claim("https://example.com/plan", "silver"));
		String flat = token("otto",
				(claims) -> claims.claim("organization", "acme").claim("https://example.com/plan", "gold"));
		assertThat(this.http.get("/api/orgs/acme/docs", gold).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/orgs/globex/docs", gold), "org-docs");
		assertForbiddenBy(this.http.get("/api/orgs/acme/docs", silver), "org-docs");
		assertForbiddenBy(this.http.get("/api/orgs/acme/docs", flat), "org-docs");
	}

	@Test
	void numberAndBooleanClaimsCompareByTheirJsonText() {
		String cleared = token("carl", (claims) -> claims.claim("clearance", 3).claim("verified", true));
		String textual = token("cora", (claims) -> claims.claim("clearance", "3").claim("verified", "true"));
		String lower = token("cody", (claims) -> claims.claim("clearance", 2).claim("verified", true));
		String unverified = token("cleo", (claims) -> claims.claim("clearance", 3).claim("verified", false));
		String decimal = token("cyd", (claims) -> claims.claim("clearance", 3.0).claim("verified", true));
		assertThat(this.http.get("/api/levels", cleared).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/levels", textual).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/levels", lower), "clearance");
		assertForbiddenBy(this.http.get("/api/levels", unverified), "clearance");
		assertForbiddenBy(this.http.get("/api/levels", decimal), "clearance");
	}

	@Test
	void variablesArriveFromEveryPathOfARule() {
		String north = token("nora", (claims) -> claims.claim("store", "north"));
		assertThat(this.http.get("/api/stores/north/inventory", north).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/shops/north/inventory", north).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/stores/south/inventory", north), "store-inventory");
		assertForbiddenBy(this.http.get("/api/shops/south/inventory", north), "store-inventory");
	}

	@Test
	void apiKeyAttributesAreTestedLikeClaims() {
		HttpResponse<String> response = withApiKey("/api/stores/north/inventory", NORTH_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"store\":\"north\"").contains("\"caller\":\"store-north\"");
		assertForbiddenBy(withApiKey("/api/stores/south/inventory", NORTH_KEY), "store-inventory");
		assertForbiddenBy(withApiKey("/api/stores/north/inventory", PLAIN_KEY), "store-inventory");
	}

	@Test
	void expressionSeesPathVariablesPrincipalAndRolesThroughTheHierarchy() {
		String member = token("pat",
				(claims) -> claims.claim("roles", List.of("user")).claim("projects", List.of("p-1", "p-2")));
		String admin = token("pam",
				(claims) -> claims.claim("roles", List.of("admin")).claim("projects", List.of("p-1")));
		String guest = token("pia",
				(claims) -> claims.claim("roles", List.of("guest")).claim("projects", List.of("p-1")));
		assertThat(this.http.get("/api/projects/p-2", member).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/projects/p-1", admin).statusCode()).isEqualTo(200);
		assertForbiddenBy(this.http.get("/api/projects/p-3", member), "projects");
		assertForbiddenBy(this.http.get("/api/projects/p-1", guest), "projects");
	}

	@Test
	void expressionThatCannotBeEvaluatedDeniesInsteadOfFailing() {
		// No projects claim at all: contains(...) on null fails to evaluate.
		String noProjects = token("pip", (claims) -> claims.claim("roles", List.of("user")));
		assertForbiddenBy(this.http.get("/api/projects/p-1", noProjects), "projects");
		// An API key's principal is its id, a string without claims.
		assertForbiddenBy(withApiKey("/api/projects/p-1", PLAIN_KEY), "projects");
	}

	/**
	 * Echoes the path variable the controller sees and the caller's name.
	 */
	@RestController
	static class AttributeController {

		@GetMapping("/api/tenants/{tenantId}/orders")
		Map<String, Object> orders(@PathVariable String tenantId, Authentication authentication) {
			return Map.of("tenant", tenantId, "caller", authentication.getName());
		}

		@GetMapping({ "/api/stores/{storeId}/inventory", "/api/shops/{storeId}/inventory" })
		Map<String, Object> inventory(@PathVariable String storeId, Authentication authentication) {
			return Map.of("store", storeId, "caller", authentication.getName());
		}

		@GetMapping({ "/api/invoices", "/api/orgs/{orgId}/docs", "/api/regions/{region}/stats", "/api/levels",
				"/api/projects/{projectId}" })
		Map<String, Object> ok() {
			return Map.of("ok", true);
		}

	}

}
