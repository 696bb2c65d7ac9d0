package dev.apisec.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
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
 * A configured {@code apisec.problems.type-base} reaches every problem, whoever writes
 * it: the filters before Spring Security, Spring Security's entry point and denied
 * handler, the rate limiter, Spring MVC's exception handling, the error controller and
 * the deprecation filter.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.problems.type-base=https://api.example.com/problems/",
				"apisec.authorization.rules[0].paths=/api/public/**", "apisec.authorization.rules[0].access=public",
				"apisec.authorization.rules[1].paths=/api/limited/**", "apisec.authorization.rules[1].access=public",
				"apisec.authorization.rules[2].paths=/api/admin/**", "apisec.authorization.rules[2].roles=ADMIN",
				"apisec.rate-limit.policies[0].name=tiny", "apisec.rate-limit.policies[0].paths=/api/limited/tiny",
				"apisec.rate-limit.policies[0].limits[0].capacity=1",
				"apisec.rate-limit.policies[0].limits[0].period=1h", "apisec.deprecations[0].paths=/api/limited/v0",
				"apisec.deprecations[0].sunset=2020-06-30", "apisec.deprecations[0].enforce=true",
				"apisec.ip-rules[0].paths=/api/limited/internal", "apisec.ip-rules[0].allow=10.0.0.0/8" })
class ProblemTypeBaseHttpTests {

	private static final String BASE = "https://api.example.com/problems/";

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "a-problem-type-base-test-secret-32b!",
			"api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
	}

	private final ObjectMapper json = new ObjectMapper();

	private final Http http;

	ProblemTypeBaseHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void everyWriterUsesTheConfiguredBase() throws Exception {
		assertProblem(this.http.get("/api/admin/me", null), 401, "unauthorized");
		assertProblem(this.http.get("/api/admin/me", "not.a.token"), 401, "invalid-token");
		assertProblem(this.http.get("/api/admin/me", tokens.token("alice", "USER")), 403, "access-denied");
		assertProblem(this.http.get("/api/public/missing", null), 404, "not-found");
		assertProblem(this.http.send("DELETE", "/api/public/hello", null), 405, "method-not-allowed");
		assertProblem(this.http.get("/api/public/send-error", null), 409, "conflict");
		assertProblem(this.http.get("/api/public/boom", null), 500, "internal-error");
		assertProblem(this.http.get("/api/limited/v0", null), 410, "gone");
		assertProblem(this.http.get("/api/limited/internal", null), 403, "address-denied");
		assertProblem(this.http.send(this.http.request("/api/public/echo")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":"))
			.build()), 400, "malformed-json");
		this.http.get("/api/limited/tiny", null);
		assertProblem(this.http.get("/api/limited/tiny", null), 429, "rate-limited");
	}

	@Test
	void firewallRefusalUsesTheConfiguredBase() throws Exception {
		assertProblem(this.http.getWithHeaders("/api/public/hello;jsessionid=x", Map.of()), 400, "bad-request");
	}

	private void assertProblem(HttpResponse<String> response, int status, String name) throws Exception {
		assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asText()).isEqualTo(BASE + name);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
	}

}
