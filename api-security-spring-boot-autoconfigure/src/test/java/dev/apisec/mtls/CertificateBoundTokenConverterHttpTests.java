package dev.apisec.mtls;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventType;
import dev.apisec.test.CapturedSecurityEvents;
import dev.apisec.test.Https;
import dev.apisec.test.ServerCertificates;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Certificate-bound tokens when the application converts JWTs itself: its
 * {@code Converter<Jwt, ? extends AbstractAuthenticationToken>} bean returns an
 * authentication of its own type that does not carry the {@link Jwt}, and the binding
 * must still hold (it failed open when only {@code JwtAuthenticationToken} was checked).
 * Real TLS handshakes; {@code client-auth=want}, so a request may also come without a
 * certificate.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "server.ssl.client-auth=want",
				"apisec.authorization.rules[0].name=me", "apisec.authorization.rules[0].paths=/api/me",
				"apisec.authorization.rules[0].roles=APP", "apisec.mtls.clients[0].principal=alice",
				"apisec.mtls.clients[0].roles=PAYMENTS", "apisec.mtls.clients[1].principal=bob",
				"apisec.mtls.clients[1].roles=USER" })
@Import({ CapturedSecurityEvents.class, CertificateBoundTokenConverterHttpTests.ApplicationConverter.class })
class CertificateBoundTokenConverterHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"a-converter-http-test-secret-of-32-bytes!", "api");

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

	CertificateBoundTokenConverterHttpTests(@LocalServerPort int port) {
		this.https = tls.https(port);
	}

	@Test
	void boundTokenIsAcceptedWithItsCertificateAndAuthenticatedByTheApplicationsConverter() throws Exception {
		HttpResponse<String> response = get(alice, boundToken(alice));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("name").asText()).isEqualTo("app:svc-1");
		assertThat(body.get("authorities").toString()).isEqualTo("[\"ROLE_APP\"]");
	}

	@Test
	void boundTokenIsRefusedWithAnotherCertificate() throws Exception {
		this.securityEvents.clear();
		assertRefused(get(bob, boundToken(alice)));
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_FAILURE))
			.extracting(SecurityEvent::method, SecurityEvent::reason, SecurityEvent::principal)
			.containsExactly(tuple("jwt", "certificate_mismatch", "app:svc-1"));
	}

	@Test
	void boundTokenIsRefusedWithoutACertificate() throws Exception {
		assertRefused(get(null, boundToken(alice)));
	}

	@Test
	void unboundTokenIsAcceptedWithoutACertificate() throws Exception {
		String token = tokens.sign(tokens.claims("svc-2").build());
		HttpResponse<String> response = get(null, token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("app:svc-2");
	}

	private void assertRefused(HttpResponse<String> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("type").asText()).isEqualTo("urn:apisec:problem:invalid-token");
		assertThat(body.get("detail").asText()).isEqualTo(CertificateBoundTokenFilter.DETAIL);
	}

	private String boundToken(Issued client) {
		return tokens.sign(tokens.claims("svc-1")
			.claim("cnf", Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(client.certificate())))
			.build());
	}

	private HttpResponse<String> get(Issued client, String token) throws IOException, InterruptedException {
		return this.https.get(client, "/api/me", token);
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationConverter {

		@Bean
		Converter<Jwt, ApplicationAuthentication> applicationJwtConverter() {
			return (jwt) -> new ApplicationAuthentication("app:" + jwt.getSubject());
		}

	}

	/** An application's own authentication: it keeps a name, not the token. */
	static final class ApplicationAuthentication extends AbstractAuthenticationToken {

		private final String name;

		ApplicationAuthentication(String name) {
			super(List.of(new SimpleGrantedAuthority("ROLE_APP")));
			this.name = name;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.name;
		}

	}

}
