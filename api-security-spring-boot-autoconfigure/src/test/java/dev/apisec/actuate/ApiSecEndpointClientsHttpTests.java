package dev.apisec.actuate;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import dev.apisec.client.ApiSecClients;
import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Reply;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code clients} section of the {@code apisec} endpoint over real HTTP: every
 * configured client with the state of its circuit, {@code OPEN} once the client has been
 * driven against a real downstream that does not answer in time, and never the client
 * secret or the service token of a client-credentials client.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiSecEndpointClientsHttpTests {

	static final String ISSUER = "https://tokens.example";

	static final byte[] SECRET = "an-endpoint-clients-test-secret-of-32-bytes".getBytes(StandardCharsets.UTF_8);

	static final String CLIENT_SECRET = "inventory-client-secret-never-shown";

	static final String SERVICE_TOKEN = "inventory-service-token-never-shown";

	static final DownstreamServer downstream = new DownstreamServer();

	static {
		downstream.on("/token", Reply
			.json("{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", () -> ISSUER);
		registry.add("apisec.jwt.issuers[0].hmac-secret", () -> new String(SECRET, StandardCharsets.UTF_8));
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "api");
		registry.add("apisec.authorization.rules[0].paths", () -> "/api/call/**");
		registry.add("apisec.authorization.rules[0].access", () -> "public");
		registry.add("management.endpoints.web.exposure.include", () -> "apisec");
		registry.add("apisec.clients.inventory.base-url", downstream::url);
		registry.add("apisec.clients.inventory.auth.type", () -> "client-credentials");
		registry.add("apisec.clients.inventory.auth.registration-id", () -> "inventory-idp");
		registry.add("apisec.clients.pricing.base-url", downstream::url);
		registry.add("apisec.clients.pricing.read-timeout", () -> "300ms");
		registry.add("apisec.clients.pricing.retry.max-attempts", () -> 1);
		registry.add("apisec.clients.audit.base-url", downstream::url);
		registry.add("apisec.clients.audit.circuit-breaker.enabled", () -> false);
		// The pricing circuit opens after 4 calls, half of them failed, and stays open a
		// minute.
		String breaker = "resilience4j.circuitbreaker.instances.pricing.";
		registry.add(breaker + "sliding-window-type", () -> "COUNT_BASED");
		registry.add(breaker + "sliding-window-size", () -> 4);
		registry.add(breaker + "minimum-number-of-calls", () -> 4);
		registry.add(breaker + "failure-rate-threshold", () -> 50);
		registry.add(breaker + "wait-duration-in-open-state", () -> "1m");
		String registration = "spring.security.oauth2.client.registration.inventory-idp.";
		registry.add(registration + "client-id", () -> "inventory-service");
		registry.add(registration + "client-secret", () -> CLIENT_SECRET);
		registry.add(registration + "authorization-grant-type", () -> "client_credentials");
		registry.add("spring.security.oauth2.client.provider.inventory-idp.token-uri",
				() -> downstream.url() + "/token");
	}

	@AfterAll
	static void stopServer() {
		downstream.close();
	}

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	ApiSecClients clients;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void clientsSectionShowsEveryClientAndItsCircuitState() throws Exception {
		Map<String, String> states = circuitStates();
		assertThat(states).containsOnlyKeys("inventory", "pricing", "audit")
			.containsEntry("inventory", "CLOSED")
			.containsEntry("pricing", "CLOSED")
			.containsEntry("audit", null);
	}

	@Test
	void clientsSectionShowsOpenOnceTheDownstreamKeepsTimingOut() throws Exception {
		downstream.on("/prices", Reply.after(Duration.ofSeconds(2), Reply.ok("too late")));
		try {
			for (int i = 0; i < 4; i++) {
				assertThat(callThroughApp("pricing", "/prices").statusCode()).isEqualTo(504);
			}
			HttpResponse<String> refused = callThroughApp("pricing", "/prices");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("downstream-circuit-open");
			assertThat(circuitStates()).containsEntry("pricing", "OPEN").containsEntry("inventory", "CLOSED");
		}
		finally {
			this.clients.circuitBreakers().get("pricing").reset();
		}
	}

	@Test
	void clientsSectionShowsNoClientSecretOrServiceToken() {
		downstream.on("/stock", Reply.echoAuthorization());
		HttpResponse<String> call = callThroughApp("inventory", "/stock");
		assertThat(call.body()).isEqualTo("Bearer " + SERVICE_TOKEN);
		String body = this.http.get("/actuator/apisec", adminToken()).body();
		assertThat(body).contains("\"inventory\"")
			.doesNotContain(CLIENT_SECRET)
			.doesNotContain(SERVICE_TOKEN)
			.doesNotContainIgnoringCase("clientSecret");
	}

	private Map<String, String> circuitStates() throws Exception {
		HttpResponse<String> response = this.http.get("/actuator/apisec", adminToken());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> states = new HashMap<>();
		for (JsonNode client : this.json.readTree(response.body()).path("clients")) {
			JsonNode state = client.path("circuitState");
			states.put(client.path("name").asText(), state.isNull() ? null : state.asText());
		}
		return states;
	}

	private HttpResponse<String> callThroughApp(String client, String path) {
		return this.http.get("/api/call/" + client + "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), null);
	}

	private static String adminToken() {
		return Tokens.signHmac(SECRET, JWSAlgorithm.HS256,
				Tokens.claims(ISSUER, "api", "root").claim("roles", List.of("ADMIN")).build(), null);
	}

}
