package dev.apisec.mtls;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventType;
import dev.apisec.test.CapturedSecurityEvents;
import dev.apisec.test.Https;
import dev.apisec.test.ServerCertificates;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.test.TestIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Mutual TLS over real handshakes with certificates made by the test: known clients get
 * their roles, unknown ones 403, untrusted and expired certificates never complete the
 * handshake, revoked ones are refused, tricky subjects impersonate nobody, and
 * certificate-bound tokens work only with their certificate.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "server.ssl.client-auth=need",
				"management.endpoint.health.show-details=always", "apisec.authorization.rules[0].name=public",
				"apisec.authorization.rules[0].paths=/api/public/**", "apisec.authorization.rules[0].access=public",
				"apisec.authorization.rules[1].name=payments", "apisec.authorization.rules[1].paths=/api/orders",
				"apisec.authorization.rules[1].roles=PAYMENTS", "apisec.authorization.rules[2].name=me",
				"apisec.authorization.rules[2].paths=/api/me", "apisec.authorization.rules[2].access=authenticated",
				"apisec.authorization.rules[3].name=team", "apisec.authorization.rules[3].paths=/api/limited/{name}",
				"apisec.authorization.rules[3].claims.team={name}", "apisec.mtls.clients[0].principal=alice",
				"apisec.mtls.clients[0].roles=PAYMENTS,AUDIT", "apisec.mtls.clients[0].attributes.team=payments,audit",
				"apisec.mtls.clients[1].principal=admin", "apisec.mtls.clients[1].roles=ADMIN",
				"apisec.mtls.clients[2].principal=dave", "apisec.mtls.clients[2].roles=PAYMENTS",
				"apisec.mtls.clients[3].principal=bob", "apisec.mtls.clients[3].roles=USER" })
@Import(CapturedSecurityEvents.class)
class MtlsHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "an-mtls-http-test-secret-of-32-bytes!",
			"api");

	@RegisterExtension
	static final ServerCertificates tls = ServerCertificates.issuedBy("Test CA");

	private static final ObjectMapper json = new ObjectMapper();

	static final Issued foreignCa = TestCertificates.ca("Foreign CA");

	static final Issued alice = tls.issue("CN=alice,O=Retail");

	static final Issued bob = tls.issue("CN=bob");

	static final Issued carol = tls.issue("CN=carol");

	static final Issued dave = tls.issue("CN=dave");

	static final Issued expired = TestCertificates.issue(tls.ca(), new X500Name("CN=alice"),
			Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));

	static final Issued foreign = TestCertificates.issue(foreignCa, new X500Name("CN=alice"));

	/** One CN whose value is "admin, CN=alice": a DN-string regex would see CN=alice. */
	static final Issued escapedComma = TestCertificates.issue(tls.ca(),
			new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "admin, CN=alice").build());

	/**
	 * Two CN RDNs: whichever a naive parser takes first, the certificate names nobody.
	 */
	static final Issued twoCommonNames = TestCertificates.issue(tls.ca(),
			new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "admin").build());

	static final Path crl = TestCertificates.write(tls.directory(), "ca.crl",
			TestCertificates.crl(tls.ca(), dave.certificate()));

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tls.addProperties(registry);
		registry.add("apisec.mtls.crl-location", () -> "file:" + crl);
		tokens.addProperties(registry, 0);
	}

	private final Https https;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	CapturedSecurityEvents securityEvents;

	MtlsHttpTests(@LocalServerPort int port) {
		this.https = tls.https(port);
	}

	@Test
	void certificateAuthenticationsAreCountedAndAudited() throws Exception {
		double success = authCount("success", "none");
		double unknown = authCount("failure", "unknown_client");
		double revoked = authCount("failure", "revoked");
		this.securityEvents.clear();
		assertThat(get(alice, "/api/orders", null).statusCode()).isEqualTo(200);
		assertThat(get(carol, "/api/me", null).statusCode()).isEqualTo(403);
		assertThat(get(dave, "/api/public/hello", null).statusCode()).isEqualTo(401);
		assertThat(authCount("success", "none")).isEqualTo(success + 1);
		assertThat(authCount("failure", "unknown_client")).isEqualTo(unknown + 1);
		assertThat(authCount("failure", "revoked")).isEqualTo(revoked + 1);
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_SUCCESS))
			.extracting(SecurityEvent::method, SecurityEvent::principal, SecurityEvent::path)
			.containsExactly(tuple("mtls", "alice", "/api/orders"));
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_FAILURE))
			.extracting(SecurityEvent::method, SecurityEvent::reason, SecurityEvent::principal, SecurityEvent::path)
			.containsExactly(tuple("mtls", "unknown_client", "carol", "/api/me"),
					tuple("mtls", "revoked", "dave", "/api/public/hello"));
	}

	@Test
	void certificateBoundTokenWithAnotherCertificateIsAuditedAsAJwtFailure() throws Exception {
		this.securityEvents.clear();
		assertThat(get(bob, "/api/me", boundToken(alice)).statusCode()).isEqualTo(401);
		assertThat(this.securityEvents.ofType(SecurityEventType.AUTHENTICATION_FAILURE))
			.extracting(SecurityEvent::method, SecurityEvent::reason, SecurityEvent::principal)
			.containsExactly(tuple("jwt", "certificate_mismatch", "svc-1"));
	}

	private double authCount(String outcome, String reason) {
		Counter counter = this.meterRegistry.find("apisec.auth")
			.tags("method", "mtls", "outcome", outcome, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void listedClientIsAuthenticatedWithItsRoles() throws Exception {
		HttpResponse<String> response = get(alice, "/api/orders", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("name").asText()).isEqualTo("alice");
		assertThat(body.get("authorities").toString()).isEqualTo("[\"ROLE_AUDIT\",\"ROLE_PAYMENTS\"]");
	}

	@Test
	void listedClientWithoutTheRuleRoleGets403() throws Exception {
		HttpResponse<String> response = get(bob, "/api/orders", null);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("detail").asText()).contains("'payments'");
	}

	@Test
	void clientAttributesAreTestedLikeClaims() throws Exception {
		assertThat(get(alice, "/api/limited/payments", null).statusCode()).isEqualTo(200);
		assertThat(get(alice, "/api/limited/audit", null).statusCode()).isEqualTo(200);
		HttpResponse<String> otherTeam = get(alice, "/api/limited/ops", null);
		assertThat(otherTeam.statusCode()).isEqualTo(403);
		assertThat(json.readTree(otherTeam.body()).get("detail").asText()).isEqualTo("Access denied by rule 'team'.");
		// bob is a known client without attributes: the condition has nothing to match.
		assertThat(get(bob, "/api/limited/payments", null).statusCode()).isEqualTo(403);
	}

	@Test
	void unlistedClientGets403UnknownClientCertificate() throws Exception {
		HttpResponse<String> response = get(carol, "/api/me", null);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("type").asText())
			.isEqualTo("urn:apisec:problem:unknown-client-certificate");
	}

	@Test
	void certificateOfAForeignCaFailsTheHandshake() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(foreign, "/api/public/hello", null));
	}

	@Test
	void expiredCertificateFailsTheHandshake() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(expired, "/api/public/hello", null));
	}

	@Test
	void noCertificateFailsTheHandshake() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(null, "/api/public/hello", null));
	}

	@Test
	void revokedCertificateIsRefusedBeforeTheApplication() throws Exception {
		HttpResponse<String> response = get(dave, "/api/public/hello", null);
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("type").asText()).isEqualTo("urn:apisec:problem:invalid-client-certificate");
		assertThat(body.get("detail").asText()).isEqualTo("The client certificate is revoked.");
	}

	@Test
	void escapedCommaInTheCommonNameImpersonatesNobody() throws Exception {
		HttpResponse<String> response = get(escapedComma, "/api/me", null);
		// One CN, "admin, CN=alice": not a listed client.
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("unknown-client-certificate");
	}

	@Test
	void twoCommonNamesAuthenticateNobody() throws Exception {
		assertThat(get(twoCommonNames, "/api/me", null).statusCode()).isEqualTo(401);
		assertThat(get(twoCommonNames, "/api/orders", null).statusCode()).isEqualTo(401);
		assertThat(get(twoCommonNames, "/api/public/hello", null).statusCode()).isEqualTo(200);
	}

	@Test
	void certificateBoundTokenIsAcceptedWithItsCertificate() throws Exception {
		HttpResponse<String> response = get(alice, "/api/me", boundToken(alice));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("svc-1");
	}

	@Test
	void certificateBoundTokenIsRefusedWithAnotherCertificate() throws Exception {
		for (Issued other : new Issued[] { bob, carol }) {
			HttpResponse<String> response = get(other, "/api/me", boundToken(alice));
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
			assertThat(json.readTree(response.body()).get("type").asText())
				.isEqualTo("urn:apisec:problem:invalid-token");
		}
	}

	@Test
	void unboundTokenIsAcceptedWithAnyTrustedCertificate() throws Exception {
		String token = tokens.sign(tokens.claims("svc-2").build());
		HttpResponse<String> response = get(carol, "/api/me", token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("svc-2");
	}

	@Test
	void healthShowsTheServerAndCaCertificates() throws Exception {
		HttpResponse<String> response = get(alice, "/actuator/health/apisecCertificates", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = json.readTree(response.body());
		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.at("/details/bundle").asText()).isEqualTo("server");
		assertThat(health.at("/details/certificates").findValuesAsText("subject")).contains("CN=localhost",
				"CN=Test CA");
		assertThat(health.at("/details/certificates/0/daysLeft").asLong()).isBetween(363L, 365L);
		assertThat(health.has("warning")).isFalse();
	}

	@Test
	void expiryIsAMetric() {
		assertThat(this.meterRegistry.find(CertificateExpiryMetrics.METER).tag("bundle", "server").gauges()).hasSize(2)
			.allSatisfy((gauge) -> assertThat(gauge.value()).isGreaterThan(Duration.ofDays(300).toSeconds()));
	}

	private String boundToken(Issued client) {
		return tokens.sign(tokens.claims("svc-1")
			.claim("cnf", Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(client.certificate())))
			.build());
	}

	private HttpResponse<String> get(Issued client, String path, String token)
			throws IOException, InterruptedException {
		return this.https.get(client, path, token);
	}

}
