package dev.apisec.audit;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.ApiKeys;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
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
 * The security audit over real HTTP, with ECS JSON logs and an in-memory audit event
 * repository: every failure path (bad tokens, denials, API keys, the failure limit, rate
 * limits, strict JSON, a token in the query string) gives exactly one audit event and one
 * JSON log line with principal, client address, method, path and the trace id of the
 * problem response; the output never contains a token, signature, key, secret or
 * Authorization header; {@code apisec.auth} counts API-key outcomes; and
 * {@code /actuator/auditevents} shows the events.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=ecs", "logging.level.dev.apisec.audit=DEBUG",
				"management.endpoints.web.exposure.include=health,auditevents" })
@Import(SecurityAuditHttpTests.AuditRepositoryConfiguration.class)
@ExtendWith({ OutputCaptureExtension.class, AuditLogLines.EcsLogging.class })
class SecurityAuditHttpTests {

	static final String HMAC_SECRET = "hmac-secret-of-the-audit-tests-0123456789abcdef";

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("audit-key", "retail-api");

	@RegisterExtension
	static final TestIssuer hmac = TestIssuer.hmac("https://hmac.example", HMAC_SECRET, "retail-api");

	static final RSAKey unknownKey = Tokens.rsaKey("not-published");

	static final String PARTNER_KEY = "audit-partner-key-5e2a9c7b1d3f8e6a4c0b2d9f7e5a3c1b";

	static final String EXPIRED_KEY = "audit-expired-key-8b6d4f2a0c9e7b5d3f1a8c6e4b2d0f9a";

	static final String EXPIRING_KEY = "audit-expiring-key-3c1e5a7b9d2f4a6c8e0b1d3f5a7c9e2b";

	static final String BODY_SECRET = "body-password-that-must-never-be-logged-91c3";

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private static final AtomicInteger addresses = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.network.trusted-proxies[0]", () -> "127.0.0.1");
		idp.addProperties(registry, 0);
		hmac.addProperties(registry, 1);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "name=me", "paths=/api/me",
				"access=authenticated");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "name=admin-only", "paths=/api/admin/**",
				"roles=ADMIN");
		TestProperties.add(registry, "apisec.authorization.rules[2]", "name=public",
				"paths=/api/public/**,/api/limited/**", "access=public");
		TestProperties.add(registry, "apisec.api-keys.failure-limit", "capacity=3", "period=1h");
		apiKey(registry, 0, "partner-a", PARTNER_KEY, NOW.plus(Duration.ofDays(365)));
		apiKey(registry, 1, "expired-partner", EXPIRED_KEY, NOW.minus(Duration.ofDays(1)));
		apiKey(registry, 2, "expiring-partner", EXPIRING_KEY, NOW.plus(Duration.ofDays(3)));
		TestProperties.add(registry, "apisec.rate-limit.policies[0]", "name=tight", "paths[0]=/api/limited/**",
				"key=ip", "limits[0].capacity=1", "limits[0].period=1h");
	}

	private static void apiKey(DynamicPropertyRegistry registry, int index, String id, String key, Instant expiresAt) {
		TestProperties.add(registry, "apisec.api-keys.keys[" + index + "]", "id=" + id, "hash=" + ApiKeys.hexHash(key),
				"roles=PARTNER", "expires-at=" + expiresAt);
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	@Autowired
	AuditEventRepository auditEvents;

	@Autowired
	MeterRegistry meterRegistry;

	String clientAddress;

	SecurityAuditHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@BeforeEach
	void setUp() {
		this.clientAddress = "10.9.0." + addresses.incrementAndGet();
		idp.awaitKeysFetched(this.http, "/api/me", idp.token("warm-up"));
	}

	@Test
	void everyFailurePathIsAuditedAndLoggedAsJsonWithoutTokensKeysOrSecrets(CapturedOutput output) throws Exception {
		Instant now = Instant.now();
		String valid = idp.token("alice");
		String expired = idp.sign(idp.claims("alice")
			.issueTime(Date.from(now.minusSeconds(7200)))
			.expirationTime(Date.from(now.minusSeconds(3600)))
			.build());
		String wrongAudience = idp.sign(Tokens.claims(idp.issuer(), "other-api", "alice").build());
		String unknownKid = Tokens.sign(unknownKey, idp.claims("alice").build());
		String algNone = Tokens.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", idp.claims("admin").build(), "");
		String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA"
				+ valid.substring(valid.lastIndexOf('.') + 5);
		String wrongSecret = Tokens.signHmac(
				"another-secret-that-is-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256,
				hmac.claims("mallory").build(), null);
		String hmacValid = hmac.sign(hmac.claims("hmac-user").build());
		List<String> secrets = new ArrayList<>(List.of(valid, expired, wrongAudience, unknownKid, algNone, tampered,
				wrongSecret, hmacValid, HMAC_SECRET, PARTNER_KEY, EXPIRED_KEY, BODY_SECRET));
		for (String token : List.of(valid, expired, wrongAudience, unknownKid, tampered, wrongSecret, hmacValid)) {
			secrets.add(token.substring(token.lastIndexOf('.') + 1));
		}

		Map<String, String> traceIds = new LinkedHashMap<>();
		traceIds.put("expired", problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + expired)), 401));
		traceIds.put("wrong_audience",
				problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + wrongAudience)), 401));
		traceIds.put("unknown_key",
				problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + unknownKid)), 401));
		traceIds.put("alg_none", problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + algNone)), 401));
		traceIds.put("bad_signature",
				problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + tampered)), 401));
		traceIds.put("hmac_bad_signature",
				problem(send("GET", "/api/me", Map.of("Authorization", "Bearer " + wrongSecret)), 401));
		traceIds.put("forbidden",
				problem(send("GET", "/api/admin/me", Map.of("Authorization", "Bearer " + hmacValid)), 403));
		traceIds.put("query_token", problem(send("GET", "/api/me?access_token=" + valid, Map.of()), 401));
		traceIds.put("api_key_unknown",
				problem(send("GET", "/api/me", Map.of("X-API-Key", "wrong-" + PARTNER_KEY)), 401));
		traceIds.put("api_key_expired", problem(send("GET", "/api/me", Map.of("X-API-Key", EXPIRED_KEY)), 401));
		traceIds.put("api_key_and_bearer", problem(
				send("GET", "/api/me", Map.of("X-API-Key", PARTNER_KEY, "Authorization", "Bearer " + valid)), 400));
		problem(send("GET", "/api/me", Map.of("X-API-Key", "wrong-1-" + PARTNER_KEY)), 401);
		traceIds.put("failure_limited",
				problem(send("GET", "/api/me", Map.of("X-API-Key", "wrong-2-" + PARTNER_KEY)), 429));
		this.clientAddress = "10.9.1." + addresses.incrementAndGet();
		assertThat(send("GET", "/api/limited/a", Map.of()).statusCode()).isEqualTo(200);
		traceIds.put("rate_limited", problem(send("GET", "/api/limited/b", Map.of()), 429));
		problem(send("POST", "/api/public/echo", Map.of("Content-Type", "application/json"),
				"{\"name\":\"n\",\"quantity\":1,\"password\":\"" + BODY_SECRET + "\"}"), 400);
		HttpResponse<String> success = send("GET", "/api/me", Map.of("X-API-Key", PARTNER_KEY));
		assertThat(success.statusCode()).isEqualTo(200);

		Await.until(() -> output.getOut().contains(traceIds.get("rate_limited")), Duration.ofSeconds(5),
				"the last event was logged");
		AuditLogLines lines = AuditLogLines.of(output.getOut());
		assertFailure(lines, traceIds.get("expired"), "jwt", "expired", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("wrong_audience"), "jwt", "wrong_audience", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("unknown_key"), "jwt", "unknown_key", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("alg_none"), "jwt", "disallowed_algorithm", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("bad_signature"), "jwt", "bad_signature", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("hmac_bad_signature"), "jwt", "bad_signature", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("api_key_unknown"), "api-key", "unknown_key", "anonymous", "/api/me");
		assertFailure(lines, traceIds.get("api_key_and_bearer"), "api-key", "ambiguous_credentials", "anonymous",
				"/api/me");
		JsonNode forbidden = lines.event("AUTHORIZATION_FAILURE", traceIds.get("forbidden"));
		assertRequest(forbidden, "hmac-user", "/api/admin/me");
		assertThat(forbidden.path("apisec").path("rule").asText()).isEqualTo("admin-only");
		assertThat(forbidden.path("log").path("level").asText()).isEqualTo("INFO");
		JsonNode queryToken = lines.event("AUTHORIZATION_FAILURE", traceIds.get("query_token"));
		assertRequest(queryToken, "anonymous", "/api/me");
		assertThat(queryToken.path("apisec").path("rule").asText()).isEqualTo("me");
		JsonNode expiredKey = lines.event("API_KEY_EXPIRED", traceIds.get("api_key_expired"));
		assertRequest(expiredKey, "expired-partner", "/api/me");
		assertThat(expiredKey.path("log").path("level").asText()).isEqualTo("WARN");
		JsonNode limited = lines.event("RATE_LIMITED", traceIds.get("failure_limited"));
		assertRequest(limited, "anonymous", "/api/me");
		assertThat(limited.path("apisec").path("policy").asText()).isEqualTo("api-key-failures");
		assertThat(limited.path("apisec").path("reason").asText()).isEqualTo("failure_limited");
		JsonNode rateLimited = lines.event("RATE_LIMITED", traceIds.get("rate_limited"));
		assertRequest(rateLimited, "anonymous", "/api/limited/b");
		assertThat(rateLimited.path("apisec").path("policy").asText()).isEqualTo("tight");
		assertThat(lines.matching((line) -> "AUTHENTICATION_SUCCESS".equals(line.path("apisec").path("event").asText())
				&& "partner-a".equals(line.path("apisec").path("principal").asText())
				&& "api-key".equals(line.path("apisec").path("method").asText())
				&& "DEBUG".equals(line.path("log").path("level").asText())))
			.isNotEmpty();
		assertThat(queryToken.path("message").asText()).contains("AUTHORIZATION_FAILURE")
			.contains("GET /api/me")
			.doesNotContain("access_token");

		String everything = output.toString();
		for (String secret : secrets) {
			assertThat(everything).as("the output contains no token, key or secret").doesNotContain(secret);
		}
		assertThat(everything).doesNotContain("Bearer ey").doesNotContain("access_token=");
	}

	private void assertFailure(AuditLogLines lines, String traceId, String method, String reason, String principal,
			String path) {
		JsonNode line = lines.event("AUTHENTICATION_FAILURE", traceId);
		assertRequest(line, principal, path);
		assertThat(line.path("apisec").path("method").asText()).isEqualTo(method);
		assertThat(line.path("apisec").path("reason").asText()).isEqualTo(reason);
		assertThat(line.path("log").path("level").asText()).isEqualTo("INFO");
	}

	private void assertRequest(JsonNode line, String principal, String path) {
		JsonNode apisec = line.path("apisec");
		assertThat(apisec.path("principal").asText()).isEqualTo(principal);
		assertThat(apisec.path("clientAddress").asText()).startsWith("10.9.");
		assertThat(apisec.path("httpMethod").asText()).isEqualTo("GET");
		assertThat(apisec.path("path").asText()).isEqualTo(path);
		assertThat(apisec.path("traceId").asText()).hasSize(32);
		assertThat(line.path("@timestamp").isTextual()).isTrue();
		assertThat(line.path("message").asText()).contains(principal).contains(path);
	}

	@Test
	void eachDenialIsStoredOnceWithTheRuleAndTheRequest() throws Exception {
		String subject = "denied-" + UUID.randomUUID();
		String traceId = problem(send("GET", "/api/admin/me", Map.of("Authorization", "Bearer " + idp.token(subject))),
				403);
		List<AuditEvent> denials = this.auditEvents.find(subject, null, "AUTHORIZATION_FAILURE");
		assertThat(denials).hasSize(1);
		assertThat(denials.get(0).getData()).containsEntry("rule", "admin-only")
			.containsEntry("clientAddress", this.clientAddress)
			.containsEntry("httpMethod", "GET")
			.containsEntry("path", "/api/admin/me")
			.containsEntry("traceId", traceId);
		// Spring Security's own authentication event would be a second success without a
		// method.
		List<AuditEvent> successes = this.auditEvents.find(subject, null, "AUTHENTICATION_SUCCESS");
		assertThat(successes).hasSize(1);
		assertThat(successes.get(0).getData()).containsEntry("method", "jwt").containsEntry("traceId", traceId);
	}

	@Test
	void refusedCredentialsAndAnonymousDenialsAreStoredOnce() throws Exception {
		problem(send("GET", "/api/me", Map.of("Authorization", "Bearer not-a-jwt")), 401);
		problem(send("GET", "/api/me", Map.of()), 401);
		problem(send("GET", "/api/me", Map.of("X-API-Key", "no-such-key-7d3f")), 401);
		List<AuditEvent> fromThisClient = this.auditEvents.find(null, null, null)
			.stream()
			.filter((event) -> this.clientAddress.equals(event.getData().get("clientAddress")))
			.toList();
		assertThat(fromThisClient)
			.extracting((event) -> event.getType() + " " + event.getData().get("method") + " "
					+ event.getData().get("reason") + " " + event.getData().get("rule") + " " + event.getPrincipal())
			.containsExactly("AUTHENTICATION_FAILURE jwt malformed null anonymous",
					"AUTHORIZATION_FAILURE null null me anonymous",
					"AUTHENTICATION_FAILURE api-key unknown_key null anonymous");
	}

	@Test
	void keysNearExpiryAreAuditedAtStartup() {
		List<AuditEvent> expiring = this.auditEvents.find("expiring-partner", null, "API_KEY_EXPIRING");
		assertThat(expiring).hasSize(1);
		assertThat(expiring.get(0).getData()).containsEntry("method", "api-key")
			.containsEntry("expiresAt", NOW.plus(Duration.ofDays(3)).toString());
	}

	@Test
	void auditEventsEndpointShowsTheEvents() throws Exception {
		String subject = "shown-" + UUID.randomUUID();
		problem(send("GET", "/api/admin/me", Map.of("Authorization", "Bearer " + idp.token(subject))), 403);
		HttpResponse<String> response = send("GET", "/actuator/auditevents?principal=" + subject,
				Map.of("Authorization", "Bearer " + idp.token("root", "ADMIN")));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode events = this.json.readTree(response.body()).path("events");
		assertThat(events).extracting((event) -> event.path("type").asText())
			.containsExactlyInAnyOrder("AUTHENTICATION_SUCCESS", "AUTHORIZATION_FAILURE");
		assertThat(response.body()).contains("\"rule\":\"admin-only\"");
		assertThat(send("GET", "/actuator/auditevents", Map.of("Authorization", "Bearer " + idp.token(subject)))
			.statusCode()).isEqualTo(403);
	}

	@Test
	void apiKeyAuthenticationsAreCountedByOutcomeAndReason() throws Exception {
		double success = count("success", "none");
		double unknown = count("failure", "unknown_key");
		double expired = count("failure", "expired");
		double limited = count("failure", "failure_limited");
		assertThat(send("GET", "/api/me", Map.of("X-API-Key", PARTNER_KEY)).statusCode()).isEqualTo(200);
		problem(send("GET", "/api/me", Map.of("X-API-Key", "counted-1")), 401);
		problem(send("GET", "/api/me", Map.of("X-API-Key", EXPIRED_KEY)), 401);
		problem(send("GET", "/api/me", Map.of("X-API-Key", "counted-2")), 401);
		problem(send("GET", "/api/me", Map.of("X-API-Key", "counted-3")), 429);
		assertThat(count("success", "none")).isEqualTo(success + 1);
		assertThat(count("failure", "unknown_key")).isEqualTo(unknown + 2);
		assertThat(count("failure", "expired")).isEqualTo(expired + 1);
		assertThat(count("failure", "failure_limited")).isEqualTo(limited + 1);
	}

	private double count(String outcome, String reason) {
		Counter counter = this.meterRegistry.find("apisec.auth")
			.tags("method", "api-key", "outcome", outcome, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
		return send(method, path, headers, null);
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder request = this.http.request(path)
			.timeout(Duration.ofSeconds(10))
			.header("X-Forwarded-For", this.clientAddress)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		return this.http.send(request.build());
	}

	/** Assert a problem response and return its trace id. */
	private String problem(HttpResponse<String> response, int status) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		String traceId = this.json.readTree(response.body()).path("traceId").asText();
		assertThat(traceId).hasSize(32);
		return traceId;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AuditRepositoryConfiguration {

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

	}

}
