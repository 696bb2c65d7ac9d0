package dev.apisec.mtls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventType;
import dev.apisec.test.CapturedSecurityEvents;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.test.Tokens;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
import org.springframework.util.FileSystemUtils;

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
				"apisec.jwt.issuers[0].issuer-uri=" + CertificateBoundTokenConverterHttpTests.ISSUER,
				"apisec.jwt.issuers[0].hmac-secret=" + CertificateBoundTokenConverterHttpTests.SECRET,
				"apisec.jwt.issuers[0].audiences[0]=api", "apisec.authorization.rules[0].name=me",
				"apisec.authorization.rules[0].paths=/api/me", "apisec.authorization.rules[0].roles=APP",
				"apisec.mtls.clients[0].principal=alice", "apisec.mtls.clients[0].roles=PAYMENTS",
				"apisec.mtls.clients[1].principal=bob", "apisec.mtls.clients[1].roles=USER" })
@Import({ CapturedSecurityEvents.class, CertificateBoundTokenConverterHttpTests.ApplicationConverter.class })
class CertificateBoundTokenConverterHttpTests {

	static final String ISSUER = "https://tokens.example";

	static final String SECRET = "a-converter-http-test-secret-of-32-bytes!";

	private static final ObjectMapper json = new ObjectMapper();

	static final Issued ca = TestCertificates.ca("Test CA");

	static final Issued server = TestCertificates.issue(ca, new X500Name("CN=localhost"),
			new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));

	static final Issued alice = TestCertificates.issue(ca, new X500Name("CN=alice"));

	static final Issued bob = TestCertificates.issue(ca, new X500Name("CN=bob"));

	static final Path dir = TestCertificates.writeServerFiles(server, ca);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestCertificates.registerServerBundle(registry, dir);
	}

	@AfterAll
	static void deleteFiles() {
		FileSystemUtils.deleteRecursively(dir.toFile());
	}

	@LocalServerPort
	int port;

	@Autowired
	CapturedSecurityEvents securityEvents;

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
		String token = Tokens.signHmac(SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256,
				Tokens.claims(ISSUER, "api", "svc-2").build(), null);
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
		assertThat(body.get("type").asText()).isEqualTo("https://apisec.dev/problems/invalid-token");
		assertThat(body.get("detail").asText()).isEqualTo(CertificateBoundTokenFilter.DETAIL);
	}

	private String boundToken(Issued client) {
		return Tokens.signHmac(SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256,
				Tokens.claims(ISSUER, "api", "svc-1")
					.claim("cnf", Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(client.certificate())))
					.build(),
				null);
	}

	private HttpResponse<String> get(Issued client, String token) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(TestCertificates.sslContext(client, ca))
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/api/me"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + token)
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
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
