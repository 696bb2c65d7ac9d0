package dev.apisec.audit;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer Tracing with no span exporter, as the starter's dependencies give every
 * application: no spans are made, yet problem bodies and audit lines carry the trace id
 * of the caller's {@code traceparent} (or one of the request's own), and Spring Boot's
 * {@code http.server.requests} metrics still count every request.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=ecs", "management.tracing.sampling.probability=1.0" })
@ExtendWith({ OutputCaptureExtension.class, AuditLogLines.EcsLogging.class })
class UnexportedSpansHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("unexported-key", "retail-api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/admin/**", "roles=ADMIN");
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	UnexportedSpansHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@BeforeEach
	void awaitKeys() {
		idp.awaitKeysFetched(this.http, "/api/admin/me", token("ADMIN"));
	}

	@Test
	void noTracingHandlerMakesSpans() {
		assertThat(this.context.getBeansOfType(ObservationHandler.class).values())
			.filteredOn(TracingObservationHandler.class::isInstance)
			.isNotEmpty()
			.allMatch(UnexportedSpans.Spanless.class::isInstance);
		assertThat(this.context.getBeansOfType(DefaultTracingObservationHandler.class)).isEmpty();
	}

	@Test
	void problemAndAuditLineCarryTheCallersTraceId(CapturedOutput output) throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		HttpResponse<String> denied = this.http.send(this.http.request("/api/admin/me")
			.header("Authorization", "Bearer " + token("USER"))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build());
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(denied.body()).path("traceId").asText()).isEqualTo(traceId);
		Await.until(() -> output.getOut().contains(traceId), Duration.ofSeconds(5), "the denial was logged");
		JsonNode line = AuditLogLines.of(output.getOut()).event("AUTHORIZATION_FAILURE", traceId);
		assertThat(line.path("apisec").path("traceId").asText()).isEqualTo(traceId);
	}

	@Test
	void withoutTraceparentEachRequestHasItsOwnTraceId() throws Exception {
		String first = this.json.readTree(this.http.get("/api/admin/me", null).body()).path("traceId").asText();
		String second = this.json.readTree(this.http.get("/api/admin/me", null).body()).path("traceId").asText();
		assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
		assertThat(second).matches("[0-9a-f]{32}");
	}

	@Test
	void httpServerMetricsStillCountEveryRequest() {
		double before = count();
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.get("/api/admin/me", token("ADMIN")).statusCode()).isEqualTo(200);
		}
		Await.until(() -> count() >= before + 3, Duration.ofSeconds(5), "three more requests were timed");
	}

	private double count() {
		return this.meters.find("http.server.requests").timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

	private static String token(String role) {
		return idp.token("alice", role);
	}

}
