package dev.apisec.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestCertificates;
import dev.apisec.test.TestCertificates.Issued;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mtls} section of the {@code apisec} endpoint, read over a real TLS
 * connection with client certificates: a listed client with the actuator role sees the
 * principal source and the clients with their roles, and no certificate or key material;
 * other callers are refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "server.ssl.client-auth=want",
				"management.endpoints.web.exposure.include=apisec",
				"apisec.jwt.issuers[0].issuer-uri=https://tokens.example",
				"apisec.jwt.issuers[0].hmac-secret=an-mtls-endpoint-test-secret-of-32-bytes",
				"apisec.jwt.issuers[0].audiences[0]=api", "apisec.mtls.principal=subject-cn",
				"apisec.mtls.clients[0].principal=ops-console", "apisec.mtls.clients[0].roles=ADMIN",
				"apisec.mtls.clients[1].principal=warehouse", "apisec.mtls.clients[1].roles=PARTNER,AUDIT" })
class ApiSecEndpointMtlsHttpTests {

	private static final ObjectMapper json = new ObjectMapper();

	static final Issued ca = TestCertificates.ca("Endpoint Test CA");

	static final Issued server = TestCertificates.issue(ca, new X500Name("CN=localhost"),
			new GeneralName(GeneralName.dNSName, "localhost"));

	static final Issued console = TestCertificates.issue(ca, new X500Name("CN=ops-console,O=Retail"));

	static final Issued warehouse = TestCertificates.issue(ca, new X500Name("CN=warehouse"));

	static final Issued stranger = TestCertificates.issue(ca, new X500Name("CN=stranger"));

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
		assertThat(body).doesNotContain("-----BEGIN").doesNotContain(dir.toString());
		for (Issued issued : List.of(ca, server, console, warehouse)) {
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
		HttpClient http = HttpClient.newBuilder()
			.sslContext(TestCertificates.sslContext(client, ca))
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/actuator/apisec"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
