package dev.apisec.audit;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.ApiKeys;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication, authorization and rate-limit decisions as spans of the request's trace,
 * with the real Micrometer Tracing bridge to OpenTelemetry and every span sampled: the
 * span names and their low-cardinality tags, the trace id of the problem response equal
 * to the exported spans' trace id, and the audit log line carrying the same trace id
 * (from the MDC and in its own field).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "management.tracing.sampling.probability=1.0",
				"logging.structured.format.console=ecs" })
@Import(ObservabilityHttpTests.SpanCollection.class)
@ExtendWith({ OutputCaptureExtension.class, AuditLogLines.EcsLogging.class })
class ObservabilityHttpTests {

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("trace-key", "retail-api");

	static final CollectingExporter spans = new CollectingExporter();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=admin-only", "paths=/api/admin/**",
				"roles=ADMIN");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=limited", "paths=/api/limited/**",
				"access=public");
		TestProperties.add(registry, "apisec.api-keys.keys[0]", "id=partner-a",
				"hash=" + ApiKeys.hexHash("trace-partner-key"));
		TestProperties.add(registry, "apisec.rate-limit.policies[0]", "name=tight", "paths[0]=/api/limited/**",
				"limits[0].capacity=1", "limits[0].period=1h");
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	ObservabilityHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@BeforeEach
	void awaitKeys() {
		idp.awaitKeysFetched(this.http, "/api/admin/me", token("ADMIN"));
	}

	@Test
	void authenticationAndDenialAreSpansOfTheTraceInTheProblemAndTheAuditLog(CapturedOutput output) throws Exception {
		String traceId = traceId(this.http.get("/api/admin/me", token("USER")), 403);
		SpanData authentication = awaitSpan(traceId, SecurityObservations.AUTHENTICATION);
		assertThat(attributes(authentication)).containsEntry("method", "jwt")
			.containsEntry("outcome", "success")
			.containsEntry("reason", "none");
		SpanData authorization = awaitSpan(traceId, SecurityObservations.AUTHORIZATION);
		assertThat(attributes(authorization)).containsEntry("rule", "admin-only").containsEntry("decision", "denied");

		Await.until(() -> output.getOut().contains(traceId), Duration.ofSeconds(5), "the denial was logged");
		JsonNode line = AuditLogLines.of(output.getOut()).event("AUTHORIZATION_FAILURE", traceId);
		assertThat(line.path("traceId").asText()).isEqualTo(traceId);
		assertThat(line.path("spanId").asText()).hasSize(16);
		assertThat(line.path("message").asText()).doesNotContain("traceId=");
		// Spring Security's own observations are off
		// (apisec.observations.spring-security). (their spans are named by context:
		// "security filterchain before", "authorize request", ...)
		assertThat(spans.exported).extracting(SpanData::getName)
			.noneMatch((name) -> name.startsWith("security filterchain") || name.equals("secured request")
					|| name.equals("authorize request") || name.startsWith("authenticate "));
	}

	@Test
	void refusedApiKeyIsAFailedAuthenticationSpan() throws Exception {
		String traceId = traceId(send("/api/admin/me", Map.of("X-API-Key", "not-a-key")), 401);
		SpanData span = awaitSpan(traceId, SecurityObservations.AUTHENTICATION);
		assertThat(attributes(span)).containsEntry("method", "api-key")
			.containsEntry("outcome", "failure")
			.containsEntry("reason", "unknown_key");
	}

	@Test
	void rateLimitDecisionsAreSpans() throws Exception {
		Map<String, String> client = Map.of();
		assertThat(send("/api/limited/first", client).statusCode()).isEqualTo(200);
		String traceId = traceId(send("/api/limited/second", client), 429);
		SpanData span = awaitSpan(traceId, SecurityObservations.RATE_LIMIT);
		assertThat(attributes(span)).containsEntry("policy", "tight").containsEntry("outcome", "rejected");
		assertThat(spans.named(SecurityObservations.RATE_LIMIT))
			.anySatisfy((allowed) -> assertThat(attributes(allowed)).containsEntry("outcome", "allowed"));
	}

	private SpanData awaitSpan(String traceId, String name) {
		Await.until(() -> spans.named(name).stream().anyMatch((span) -> span.getTraceId().equals(traceId)),
				Duration.ofSeconds(10), "a span " + name + " in trace " + traceId);
		return spans.named(name).stream().filter((span) -> span.getTraceId().equals(traceId)).findFirst().orElseThrow();
	}

	private static Map<String, Object> attributes(SpanData span) {
		Map<String, Object> result = new LinkedHashMap<>();
		span.getAttributes().forEach((attribute, value) -> result.put(attribute.getKey(), value));
		return result;
	}

	private String traceId(HttpResponse<String> response, int status) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return this.json.readTree(response.body()).path("traceId").asText();
	}

	private HttpResponse<String> send(String path, Map<String, String> headers) {
		HttpRequest.Builder request = this.http.request(path).timeout(Duration.ofSeconds(10));
		headers.forEach(request::header);
		return this.http.send(request.build());
	}

	private static String token(String role) {
		return idp.token("alice", role);
	}

	/**
	 * Exports each span as it ends, to {@link #spans}.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SpanCollection {

		@Bean
		SpanProcessor collectingSpanProcessor() {
			return SimpleSpanProcessor.create(spans);
		}

	}

	/**
	 * An in-memory span exporter.
	 */
	static final class CollectingExporter implements SpanExporter {

		private final List<SpanData> exported = new CopyOnWriteArrayList<>();

		List<SpanData> named(String name) {
			return this.exported.stream().filter((span) -> span.getName().equals(name)).toList();
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.exported.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
