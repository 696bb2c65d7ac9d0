package dev.apisec.mtls;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventType;
import dev.apisec.authorization.ApiSecHttpSecurityCustomizer;
import dev.apisec.test.CapturedSecurityEvents;
import dev.apisec.test.Https;
import dev.apisec.test.ServerCertificates;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Certificate-bound tokens when the application authenticates bearer tokens itself: a
 * customizer sets its own {@code authenticationManagerResolver}, so the starter's manager
 * never sees the token. The binding is checked on a {@link Jwt} the authentication
 * carries (credentials or principal) and on the attributes of an opaque token's
 * introspection ({@link BearerTokenAuthentication}); a bearer token whose binding cannot
 * be checked that way and cannot be ruled out either is refused. Real TLS handshakes,
 * {@code client-auth=want}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "server.ssl.client-auth=want",
				"apisec.authorization.rules[0].name=me", "apisec.authorization.rules[0].paths=/api/me",
				"apisec.authorization.rules[0].roles=APP", "apisec.authorization.rules[1].name=orders",
				"apisec.authorization.rules[1].paths=/api/orders", "apisec.authorization.rules[1].roles=PAYMENTS",
				"apisec.mtls.clients[0].principal=alice", "apisec.mtls.clients[0].roles=PAYMENTS",
				"apisec.mtls.clients[1].principal=bob", "apisec.mtls.clients[1].roles=USER" })
@Import({ CapturedSecurityEvents.class, CertificateBoundTokenManagerHttpTests.ApplicationAuthentication.class })
class CertificateBoundTokenManagerHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"a-manager-http-test-secret-of-32-bytes!!", "api");

	@RegisterExtension
	static final ServerCertificates tls = ServerCertificates.issuedBy("Test CA");

	private static final ObjectMapper json = new ObjectMapper();

	static final Issued alice = tls.issue("CN=alice");

	static final Issued bob = tls.issue("CN=bob");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tls.addProperties(registry);
		tokens.addProperties(registry, 0);
	}

	private final Https https;

	@Autowired
	CapturedSecurityEvents securityEvents;

	CertificateBoundTokenManagerHttpTests(@LocalServerPort int port) {
		this.https = tls.https(port);
	}

	@Test
	void boundJwtCarriedAsCredentialsIsAcceptedWithItsCertificate() throws Exception {
		HttpResponse<String> response = get(alice, boundJwt("credentials"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("app:svc-1");
	}

	@Test
	void boundJwtCarriedAsCredentialsIsRefusedWithAnotherCertificate() throws Exception {
		this.securityEvents.clear();
		assertRefused(get(bob, boundJwt("credentials")), CertificateBoundTokenFilter.DETAIL);
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_FAILURE))
			.extracting(SecurityEvent::method, SecurityEvent::reason, SecurityEvent::principal)
			.containsExactly(tuple("jwt", "certificate_mismatch", "app:svc-1"));
	}

	@Test
	void boundJwtCarriedAsPrincipalIsRefusedWithoutACertificate() throws Exception {
		assertRefused(get(null, boundJwt("principal")), CertificateBoundTokenFilter.DETAIL);
	}

	@Test
	void boundJwtWhoseAuthenticationHidesItIsRefusedWhateverTheCertificate() throws Exception {
		this.securityEvents.clear();
		assertRefused(get(alice, boundJwt("hidden")), CertificateBoundTokenFilter.UNVERIFIABLE_DETAIL);
		assertRefused(get(bob, boundJwt("hidden")), CertificateBoundTokenFilter.UNVERIFIABLE_DETAIL);
		assertRefused(get(null, boundJwt("hidden")), CertificateBoundTokenFilter.UNVERIFIABLE_DETAIL);
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_FAILURE))
			.extracting(SecurityEvent::reason)
			.containsOnly("certificate_binding_unverifiable");
	}

	@Test
	void unboundJwtWhoseAuthenticationHidesItIsAcceptedWithoutACertificate() throws Exception {
		String token = tokens.sign(tokens.claims("svc-2").claim("shape", "hidden").build());
		HttpResponse<String> response = get(null, token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("app:svc-2");
	}

	@Test
	void boundOpaqueTokenIsCheckedOnItsIntrospectedAttributes() throws Exception {
		assertThat(get(alice, "opaque-bound").statusCode()).isEqualTo(200);
		assertRefused(get(bob, "opaque-bound"), CertificateBoundTokenFilter.DETAIL);
		assertRefused(get(null, "opaque-bound"), CertificateBoundTokenFilter.DETAIL);
	}

	@Test
	void unboundOpaqueTokenIsAcceptedWithoutACertificate() throws Exception {
		assertThat(get(null, "opaque-unbound").statusCode()).isEqualTo(200);
	}

	@Test
	void opaqueTokenWhoseAuthenticationHidesItsAttributesIsRefused() throws Exception {
		assertRefused(get(alice, "opaque-hidden"), CertificateBoundTokenFilter.UNVERIFIABLE_DETAIL);
	}

	@Test
	void clientCertificateWithoutABearerTokenStillAuthenticates() throws Exception {
		HttpResponse<String> response = this.https.get(alice, "/api/orders", null);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private void assertRefused(HttpResponse<String> response, String detail) throws IOException {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("type").asText()).isEqualTo("urn:apisec:problem:invalid-token");
		assertThat(body.get("detail").asText()).isEqualTo(detail);
	}

	private static String boundJwt(String shape) {
		return tokens.sign(tokens.claims("svc-1")
			.claim("shape", shape)
			.claim("cnf", Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(alice.certificate())))
			.build());
	}

	private HttpResponse<String> get(Issued client, String token) throws IOException, InterruptedException {
		return this.https.get(client, "/api/me", token);
	}

	/**
	 * The application's own bearer-token authentication, set by a customizer: opaque
	 * tokens from a fixed table (as an introspection would answer), JWTs through the
	 * starter's decoder, each made into the authentication shape its {@code shape} claim
	 * names.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationAuthentication {

		static final List<GrantedAuthority> APP = List.of(new SimpleGrantedAuthority("ROLE_APP"));

		@Bean
		ApiSecHttpSecurityCustomizer applicationAuthenticationManager(ObjectProvider<JwtDecoder> decoder) {
			AuthenticationManager manager = (authentication) -> {
				String token = ((BearerTokenAuthenticationToken) authentication).getToken();
				return switch (token) {
					case "opaque-bound" -> introspected(token, Map.of("sub", "opaque-1", "cnf",
							Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(alice.certificate()))));
					case "opaque-unbound" -> introspected(token, Map.of("sub", "opaque-2"));
					case "opaque-hidden" -> new Carrying("opaque-3", "", "opaque-3");
					default -> fromJwt(decoder.getObject().decode(token));
				};
			};
			return (http) -> http.oauth2ResourceServer(
					(resourceServer) -> resourceServer.authenticationManagerResolver((request) -> manager));
		}

		private static AbstractAuthenticationToken fromJwt(Jwt jwt) {
			String name = "app:" + jwt.getSubject();
			return switch (jwt.getClaimAsString("shape")) {
				case "credentials" -> new Carrying(name, jwt, name);
				case "principal" -> new Carrying(name, "", jwt);
				default -> new Carrying(name, "", name);
			};
		}

		private static BearerTokenAuthentication introspected(String token, Map<String, Object> attributes) {
			Instant now = Instant.now();
			return new BearerTokenAuthentication(
					new DefaultOAuth2AuthenticatedPrincipal((String) attributes.get("sub"), attributes, APP),
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, now, now.plusSeconds(600)), APP);
		}

	}

	/**
	 * An application's authentication with the credentials and principal it was given.
	 */
	static final class Carrying extends AbstractAuthenticationToken {

		private final String name;

		private final Object credentials;

		private final Object principal;

		Carrying(String name, Object credentials, Object principal) {
			super(ApplicationAuthentication.APP);
			this.name = name;
			this.credentials = credentials;
			this.principal = principal;
			setAuthenticated(true);
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public Object getCredentials() {
			return this.credentials;
		}

		@Override
		public Object getPrincipal() {
			return this.principal;
		}

	}

}
