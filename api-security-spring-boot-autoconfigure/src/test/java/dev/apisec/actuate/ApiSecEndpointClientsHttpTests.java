package dev.apisec.actuate;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.client.ApiSecClients;
import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Reply;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"an-endpoint-clients-test-secret-of-32-bytes", "api");

	static final String CLIENT_SECRET = "inventory-client-secret-never-shown";

	static final String SERVICE_TOKEN = "inventory-service-token-never-shown";

	static final DownstreamServer downstream = new DownstreamServer();

	static {
		downstream.on("/token", Reply
			.json("{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/call/**", "access=public");
		registry.add("management.endpoints.web.exposure.include", () -> "apisec");
		TestProperties.add(registry, "apisec.clients.inventory", "base-url=" + downstream.url(),
				"auth.type=client-credentials", "auth.registration-id=inventory-idp");
		TestProperties.add(registry, "apisec.clients.pricing", "base-url=" + downstream.url(), "read-timeout=300ms",
				"retry.max-attempts=1");
		TestProperties.add(registry, "apisec.clients.audit", "base-url=" + downstream.url(),
				"circuit-breaker.enabled=false");
		// The pricing circuit opens after 4 calls, half of them failed, and stays open a
		// minute.
		TestProperties.add(registry, "resilience4j.circuitbreaker.instances.pricing", "sliding-window-type=COUNT_BASED",
				"sliding-window-size=4", "minimum-number-of-calls=4", "failure-rate-threshold=50",
				"wait-duration-in-open-state=1m");
		TestProperties.add(registry, "spring.security.oauth2.client.registration.inventory-idp",
				"client-id=inventory-service", "client-secret=" + CLIENT_SECRET,
				"authorization-grant-type=client_credentials");
		registry.add("spring.security.oauth2.client.provider.inventory-idp.token-uri",
				() -> downstream.url() + "/token");
	}

	@AfterAll
	static void stopServer() {
		downstream.close();
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	@Autowired
	ApiSecClients clients;

	ApiSecEndpointClientsHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
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
		return tokens.token("root", "ADMIN");
	}

}
