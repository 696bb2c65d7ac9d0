package dev.apisec.jwt;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several issuers at once, each with a preset, over real HTTP: tokens shaped like the
 * ones each identity provider really issues become the expected roles and scopes. A
 * user's own filter chain works beside the starter's.
 */
@SpringBootTest(classes = { TestApplication.class, PresetHttpTests.UserChain.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class PresetHttpTests {

	// One server holds the key of every issuer below; each token names its audience.
	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("preset-key", null);

	static final String KEYCLOAK = "https://sso.example/realms/retail";

	static final String AUTH0 = "https://retail.eu.auth0.com/";

	static final String OKTA = "https://dev-123.okta.com/oauth2/default";

	static final String ENTRA = "https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0";

	static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf";

	static final String SAS = "http://localhost:9000";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		issuer(registry, 0, KEYCLOAK, "keycloak", "retail-api");
		registry.add("apisec.jwt.issuers[0].roles.mapping.retail-admins", () -> "ADMIN");
		issuer(registry, 1, AUTH0, "auth0", "https://api.retail.example");
		registry.add("apisec.jwt.issuers[1].roles.claims[0]", () -> "['https://retail.example/roles']");
		issuer(registry, 2, OKTA, "okta", "api://default");
		registry.add("apisec.jwt.issuers[2].roles.mapping[Retail Admins]", () -> "ADMIN");
		issuer(registry, 3, ENTRA, "entra-id", "api://retail-api");
		registry.add("apisec.jwt.issuers[3].principal-claim", () -> "oid");
		issuer(registry, 4, COGNITO, "cognito", "5ahh7kd0k9cm2q0qkbp1bm4ns2");
		issuer(registry, 5, SAS, "spring-authorization-server", "retail-api");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "paths=/api/admin/**", "roles=ADMIN");
	}

	private static void issuer(DynamicPropertyRegistry registry, int index, String issuer, String preset,
			String audience) {
		TestProperties.add(registry, "apisec.jwt.issuers[" + index + "]", "issuer-uri=" + issuer,
				"jwk-set-uri=" + idp.server().jwkSetUri(), "preset=" + preset, "audiences[0]=" + audience);
	}

	private final Http http;

	PresetHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private JWTClaimsSet.Builder base(String issuer, String subject) {
		return Tokens.claims(issuer, null, subject);
	}

	@SuppressWarnings("unchecked")
	private List<String> authorities(JWTClaimsSet claims) {
		HttpResponse<String> response = this.http.get("/api/me", idp.sign(claims));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		try {
			Map<String, Object> body = new ObjectMapper().readValue(response.body(), Map.class);
			return (List<String>) body.get("authorities");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void keycloakRealmAndClientRolesAreMapped() {
		JWTClaimsSet claims = base(KEYCLOAK, "f3b2c1d0-0000-4000-8000-000000000001")
			.audience(List.of("retail-api", "account"))
			.claim("typ", "Bearer")
			.claim("azp", "retail-web")
			.claim("preferred_username", "alice")
			.claim("realm_access", Map.of("roles", List.of("offline_access", "retail-admins")))
			.claim("resource_access",
					Map.of("retail-api", Map.of("roles", List.of("orders-reader")), "account",
							Map.of("roles", List.of("manage-account"))))
			.claim("scope", "openid profile email")
			.build();
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_OFFLINE_ACCESS", "ROLE_ADMIN",
				"ROLE_ORDERS-READER", "SCOPE_openid", "SCOPE_profile", "SCOPE_email");
	}

	@Test
	void auth0NamespacedRolesClaimOverridesThePresetDefault() {
		JWTClaimsSet claims = base(AUTH0, "auth0|64f1c0ffee")
			.audience(List.of("https://api.retail.example", "https://retail.eu.auth0.com/userinfo"))
			.claim("azp", "Xk2dE9retailclient")
			.claim("scope", "openid read:orders")
			.claim("permissions", List.of("read:orders", "write:orders"))
			.claim("https://retail.example/roles", List.of("admin"))
			.build();
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_ADMIN", "SCOPE_openid", "SCOPE_read:orders");
	}

	@Test
	void oktaGroupsAndScpArrayAreMapped() {
		JWTClaimsSet claims = base(OKTA, "alice@example.com").audience("api://default")
			.claim("ver", 1)
			.claim("cid", "0oa1b2c3d4retail")
			.claim("uid", "00u1b2c3d4")
			.claim("scp", List.of("openid", "orders.read"))
			.claim("groups", List.of("Everyone", "Retail Admins"))
			.build();
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_EVERYONE", "ROLE_ADMIN", "SCOPE_openid",
				"SCOPE_orders.read");
	}

	@Test
	void entraIdAppRolesAndSpaceSeparatedScpAreMapped() {
		JWTClaimsSet claims = base(ENTRA, "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ").audience("api://retail-api")
			.claim("ver", "2.0")
			.claim("oid", "00000000-0000-0000-66f3-3332eca7ea81")
			.claim("tid", "8eaef023-2b34-4da1-9baa-8bc8c9d6a490")
			.claim("roles", List.of("Orders.Admin"))
			.claim("scp", "orders.read orders.write")
			.build();
		HttpResponse<String> response = this.http.get("/api/me", idp.sign(claims));
		assertThat(response.body()).contains("\"name\":\"00000000-0000-0000-66f3-3332eca7ea81\"");
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_ORDERS.ADMIN", "SCOPE_orders.read",
				"SCOPE_orders.write");
	}

	@Test
	void cognitoAccessTokenWithClientIdInsteadOfAudienceIsAccepted() {
		JWTClaimsSet claims = base(COGNITO, "8f1e2d3c-aaaa-bbbb-cccc-000000000001").audience((String) null)
			.claim("client_id", "5ahh7kd0k9cm2q0qkbp1bm4ns2")
			.claim("token_use", "access")
			.claim("version", 2)
			.claim("username", "alice")
			.claim("cognito:groups", List.of("admins"))
			.claim("scope", "retail/orders.read")
			.build();
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_ADMINS", "SCOPE_retail/orders.read");
	}

	@Test
	void cognitoTokenForAnotherClientIsRejected() {
		JWTClaimsSet claims = base(COGNITO, "someone").audience((String) null)
			.claim("client_id", "another-client")
			.claim("token_use", "access")
			.build();
		assertThat(this.http.get("/api/me", idp.sign(claims)).statusCode()).isEqualTo(401);
	}

	@Test
	void springAuthorizationServerRolesAndScopeArrayAreMapped() {
		JWTClaimsSet claims = base(SAS, "alice").audience("retail-api")
			.claim("scope", List.of("orders.read"))
			.claim("roles", List.of("USER"))
			.claim("authorities", List.of("ROLE_AUDITOR"))
			.build();
		assertThat(authorities(claims)).containsExactlyInAnyOrder("ROLE_USER", "ROLE_AUDITOR", "SCOPE_orders.read");
	}

	@Test
	void audienceIsCheckedPerIssuer() {
		JWTClaimsSet claims = base(OKTA, "alice").audience("retail-api").build();
		assertThat(this.http.get("/api/me", idp.sign(claims)).statusCode()).isEqualTo(401);
	}

	@Test
	void mappedRoleOpensRuleOfTheApplicationRole() {
		JWTClaimsSet admin = base(OKTA, "alice").audience("api://default")
			.claim("groups", List.of("Retail Admins"))
			.build();
		JWTClaimsSet user = base(OKTA, "bob").audience("api://default").claim("groups", List.of("Everyone")).build();
		assertThat(this.http.get("/api/admin/me", idp.sign(admin)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/admin/me", idp.sign(user)).statusCode()).isEqualTo(403);
	}

	@Test
	void userFilterChainKeepsWorkingBesideTheStarters() {
		assertThat(this.http.get("/legacy/me", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/unruled", null).statusCode()).isEqualTo(401);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		@Order(1)
		SecurityFilterChain legacyChain(HttpSecurity http) throws Exception {
			return http.securityMatcher("/legacy/**").authorizeHttpRequests((r) -> r.anyRequest().permitAll()).build();
		}

	}

}
