package dev.apisec.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Https;
import dev.apisec.test.ServerCertificates;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mtls} section of the {@code apisec} endpoint, read over a real TLS
 * connection with client certificates: a listed client with the actuator role sees the
 * principal source and the clients with their roles, and no certificate or key material;
 * other callers are refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "server.ssl.client-auth=want",
				"management.endpoints.web.exposure.include=apisec", "apisec.mtls.principal=subject-cn",
				"apisec.mtls.clients[0].principal=ops-console", "apisec.mtls.clients[0].roles=ADMIN",
				"apisec.mtls.clients[1].principal=warehouse", "apisec.mtls.clients[1].roles=PARTNER,AUDIT" })
class ApiSecEndpointMtlsHttpTests {

	private static final ObjectMapper json = new ObjectMapper();

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"an-mtls-endpoint-test-secret-of-32-bytes", "api");

	@RegisterExtension
	static final ServerCertificates tls = ServerCertificates.issuedBy("Endpoint Test CA");

	static final Issued console = tls.issue("CN=ops-console,O=Retail");

	static final Issued warehouse = tls.issue("CN=warehouse");

	static final Issued stranger = tls.issue("CN=stranger");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tls.addProperties(registry);
		tokens.addProperties(registry, 0);
	}

	private final Https https;

	ApiSecEndpointMtlsHttpTests(@LocalServerPort int port) {
		this.https = tls.https(port);
	}

	@Test
	void mtlsSectionShowsThePrincipalSourceAndTheClientsWithTheirRoles() throws Exception {
		HttpResponse<String> response = get(console);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode mtls = json.readTree(response.body()).path("mtls");
		assertThat(mtls.path("principalSource").asText()).isEqualTo("SUBJECT_CN");
		assertThat(json.convertValue(mtls.path("clients"), Map.class))
			.isEqualTo(Map.of("ops-console", List.of("ADMIN"), "warehouse", List.of("PARTNER", "AUDIT")));
	}

	@Test
	void mtlsSectionHasNoCertificateOrKeyMaterial() throws Exception {
		String body = get(console).body();
		assertThat(body).doesNotContain("-----BEGIN").doesNotContain(tls.directory().toString());
		for (Issued issued : List.of(tls.ca(), tls.server(), console, warehouse)) {
			String certificate = Base64.getEncoder().encodeToString(issued.certificate().getEncoded());
			String key = Base64.getEncoder().encodeToString(issued.keyPair().getPrivate().getEncoded());
			assertThat(body).doesNotContain(certificate.substring(certificate.length() - 40))
				.doesNotContain(key.substring(key.length() - 40))
				.doesNotContain(issued.certificate().getSerialNumber().toString());
		}
	}

	@Test
	void endpointNeedsTheActuatorRoleOverMutualTlsToo() throws Exception {
		assertThat(get(null).statusCode()).isEqualTo(401);
		assertThat(get(warehouse).statusCode()).isEqualTo(403);
		HttpResponse<String> unlisted = get(stranger);
		assertThat(unlisted.statusCode()).isEqualTo(403);
		assertThat(unlisted.body()).contains("unknown-client-certificate").doesNotContain("ops-console");
	}

	private HttpResponse<String> get(Issued client) throws IOException, InterruptedException {
		return this.https.get(client, "/actuator/apisec", null);
	}

}
