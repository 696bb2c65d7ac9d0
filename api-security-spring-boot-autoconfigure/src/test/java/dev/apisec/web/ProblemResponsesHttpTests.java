package dev.apisec.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict input and problem responses over real HTTP: every kind of bad body, every status
 * the starter answers, each an application/problem+json body with type, title, status,
 * detail and trace id, and none with a stack trace, a class name or the rejected value.
 */
@SpringBootTest(classes = { TestApplication.class, ProblemResponsesHttpTests.FailingFilterConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.authorization.rules[0].paths=/api/public/**",
				"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[1].paths=/api/reports/**",
				"apisec.authorization.rules[1].access=authenticated", "apisec.validation.max-body-size=64KB",
				"apisec.validation.max-string-length=1000" })
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "a-problem-responses-test-secret-32b!",
			"api");

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
	}

	private final Http http;

	ProblemResponsesHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void validBodyIsAccepted() {
		HttpResponse<String> response = postJson("/api/public/echo",
				"{\"name\":\"widget\",\"quantity\":3,\"nested\":{\"itemCode\":\"W-1\"},\"attributes\":{\"a\":[[[1]]]}}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(read(response).path("nested").path("itemCode").asText()).isEqualTo("W-1");
	}

	@Test
	void unknownPropertyIsRefusedNamingIt() {
		JsonNode problem = assertProblem(postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":1,\"admin\":true}"),
				400, "unknown-property");
		assertThat(problem.path("errors")).hasSize(1);
		assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("admin");
		assertThat(problem.path("errors").get(0).path("message").asText()).isEqualTo("is not a known property");
		JsonNode nested = assertProblem(
				postJson("/api/public/echo",
						"{\"name\":\"a\",\"quantity\":1,\"nested\":{\"itemCode\":\"x\",\"owner\":\"mallory\"}}"),
				400, "unknown-property", "mallory");
		assertThat(nested.path("errors").get(0).path("field").asText()).isEqualTo("nested.owner");
	}

	@Test
	void duplicateKeyIsRefusedNamingIt() {
		JsonNode problem = assertProblem(
				postJson("/api/public/echo", "{\"name\":\"first-name\",\"quantity\":1,\"name\":\"second-name\"}"), 400,
				"duplicate-property", "first-name", "second-name");
		assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("name");
		JsonNode nested = assertProblem(
				postJson("/api/public/echo",
						"{\"name\":\"a\",\"quantity\":1,\"nested\":{\"itemCode\":\"x\",\"itemCode\":\"y\"}}"),
				400, "duplicate-property");
		assertThat(nested.path("errors").get(0).path("field").asText()).isEqualTo("nested.itemCode");
	}

	@Test
	void tenThousandNestedArraysAreRefusedWithoutStackOverflow() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		JsonNode problem = assertProblem(
				postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":1,\"attributes\":{\"x\":" + deep + "}}"),
				400, "json-limit-exceeded");
		assertThat(problem.path("detail").asText()).isEqualTo("The request body is nested deeper than 64 levels.");
	}

	@Test
	void requestsTheFirewallRefusesAreProblemsForEveryMethod() {
		// Spring Security's firewall allows neither TRACE nor made-up methods; the
		// servlet answers the error dispatch of a TRACE itself, so the problem is written
		// at once.
		for (String method : new String[] { "TRACE", "FOO" }) {
			HttpResponse<String> response = this.http.send(method, "/api/public/hello", null);
			assertThat(response.statusCode()).as(method).isEqualTo(400);
			assertProblem(response, 400, "bad-request", "TRACE", "FOO");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}
	}

	@Test
	void requestsTomcatRefusesBeforeTheApplicationAreProblemsToo() {
		// Encoded slashes and backslashes pass through to the firewall; an encoded NUL
		// and oversized headers Tomcat refuses itself, before any filter, in place of its
		// HTML page.
		for (String path : new String[] { "/api/public/a%2Fb", "/api/public/a%5Cb", "/api/public/a%00" }) {
			HttpResponse<String> response = this.http.get(path, null);
			JsonNode problem = assertProblem(response, 400, "bad-request", "<html", "Tomcat");
			assertThat(problem.path("instance").asText()).isEqualTo(path);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		}
		String huge = "x".repeat(20_000);
		assertProblem(this.http.get("/api/public/echo", huge), 400, "bad-request", huge.substring(0, 100));
	}

	@Test
	void tooLongStringIsRefused() {
		String name = "s".repeat(5_000);
		JsonNode problem = assertProblem(postJson("/api/public/echo", "{\"name\":\"" + name + "\",\"quantity\":1}"),
				400, "json-limit-exceeded", "sssssssssssssssssssssssss");
		assertThat(problem.path("detail").asText())
			.isEqualTo("The request body has a string longer than 1000 characters.");
	}

	@Test
	void tooLongNumberIsRefused() {
		String number = "7".repeat(500);
		JsonNode problem = assertProblem(postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":" + number + "}"),
				400, "json-limit-exceeded", "7777777777");
		assertThat(problem.path("detail").asText())
			.isEqualTo("The request body has a number longer than 100 characters.");
	}

	@Test
	void malformedJsonIsRefused() {
		assertProblem(postJson("/api/public/echo", "{\"name\": \"a\", \"quantity\": "), 400, "malformed-json");
		assertProblem(postJson("/api/public/echo", "{'name': 'single-quoted'}"), 400, "malformed-json",
				"single-quoted");
		JsonNode trailing = assertProblem(
				postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":1} {\"name\":\"smuggled\"}"), 400,
				"malformed-json", "smuggled");
		assertThat(trailing.path("detail").asText()).isEqualTo("The request body has content after the JSON value.");
	}

	@Test
	void missingBodyIsRefused() {
		JsonNode problem = assertProblem(postJson("/api/public/echo", ""), 400, "unreadable-body");
		assertThat(problem.path("detail").asText()).isEqualTo("The request body is missing.");
	}

	@Test
	void valueOfTheWrongTypeIsRefusedNamingTheField() {
		JsonNode problem = assertProblem(
				postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":\"ten-thousand-secret\"}"), 400,
				"invalid-value", "ten-thousand-secret");
		assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("quantity");
		assertThat(problem.path("errors").get(0).path("message").asText()).isEqualTo("must be a number");
		JsonNode object = assertProblem(postJson("/api/public/echo", "{\"name\":{\"first\":\"x\"},\"quantity\":1}"),
				400, "invalid-value");
		assertThat(object.path("errors").get(0).path("message").asText()).isEqualTo("must be a string");
		JsonNode outOfRange = assertProblem(postJson("/api/public/echo", "{\"name\":\"a\",\"quantity\":99999999999}"),
				400, "invalid-value", "99999999999");
		assertThat(outOfRange.path("errors").get(0).path("message").asText()).isEqualTo("is out of range");
		JsonNode array = assertProblem(postJson("/api/public/echo", "[1,2]"), 400, "invalid-value");
		assertThat(array.path("detail").asText()).isEqualTo("The request body must be an object.");
	}

	@Test
	void beanValidationFailuresListFieldsWithoutRejectedValues() {
		String rejected = "far-too-long-rejected-name-value";
		JsonNode problem = assertProblem(
				postJson("/api/public/echo",
						"{\"name\":\"" + rejected + "\",\"quantity\":555,\"nested\":{\"itemCode\":\" \"}}"),
				400, "validation-failed", rejected, "555");
		List<String> fields = new ArrayList<>();
		problem.path("errors").forEach((error) -> {
			fields.add(error.path("field").asText());
			assertThat(error.path("message").asText()).isNotBlank();
		});
		assertThat(fields).containsExactlyInAnyOrder("name", "quantity", "nested.itemCode");
	}

	@Test
	void parameterFailuresNameTheParameter() {
		JsonNode invalid = assertProblem(this.http.get("/api/public/items?page=0", null), 400, "validation-failed");
		assertThat(invalid.path("errors").get(0).path("field").asText()).isEqualTo("page");
		JsonNode wrongType = assertProblem(this.http.get("/api/public/items?page=abc-secret", null), 400,
				"invalid-value", "abc-secret");
		assertThat(wrongType.path("errors").get(0).path("field").asText()).isEqualTo("page");
		assertThat(wrongType.path("errors").get(0).path("message").asText()).isEqualTo("must be a number");
		JsonNode missing = assertProblem(this.http.get("/api/public/items", null), 400, "missing-parameter");
		assertThat(missing.path("errors").get(0).path("field").asText()).isEqualTo("page");
		assertThat(missing.path("errors").get(0).path("message").asText()).isEqualTo("is required");
	}

	@Test
	void unknownRouteIs404() {
		JsonNode problem = assertProblem(this.http.get("/api/public/nothing-here?q=query-secret", null), 404,
				"not-found", "query-secret");
		assertThat(problem.path("instance").asText()).isEqualTo("/api/public/nothing-here");
	}

	@Test
	void wrongMethodIs405WithAllow() {
		HttpResponse<String> response = this.http.send("DELETE", "/api/public/hello", null);
		assertProblem(response, 405, "method-not-allowed");
		assertThat(response.headers().firstValue("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("GET"));
	}

	@Test
	void unacceptableAcceptIs406() {
		assertProblem(send(request("/api/public/hello").header("Accept", "application/xml").GET()), 406,
				"not-acceptable");
	}

	@Test
	void unsupportedContentTypeIs415() {
		HttpResponse<String> response = send(request("/api/public/echo").header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString("name=a")));
		assertProblem(response, 415, "unsupported-media-type", "text/plain");
		assertThat(response.headers().firstValue("Accept"))
			.hasValueSatisfying((accept) -> assertThat(accept).contains("application/json"));
	}

	@Test
	void bodyOverTheLimitWithContentLengthIs413() {
		HttpResponse<String> response = postJson("/api/public/echo", attributesOfSize(70_000));
		JsonNode problem = assertProblem(response, 413, "content-too-large");
		assertThat(problem.path("detail").asText()).isEqualTo("The request body is larger than the limit of 64KB.");
	}

	@Test
	void chunkedBodyOverTheLimitIs413() {
		byte[] body = attributesOfSize(100_000).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(request("/api/public/echo").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		JsonNode problem = assertProblem(response, 413, "content-too-large");
		assertThat(problem.path("detail").asText()).isEqualTo("The request body is larger than the limit of 64KB.");
	}

	@Test
	void chunkedBodyUnderTheLimitIsRead() {
		byte[] body = attributesOfSize(30_000).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(request("/api/public/echo").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(read(response).path("attributes").size()).isGreaterThan(1000);
	}

	@Test
	void controllerExceptionIsAGeneric500LoggedWithItsTraceId(CapturedOutput output) {
		JsonNode problem = assertProblem(this.http.get("/api/public/boom", null), 500, "internal-error", "Secret",
				"db-7", "IllegalStateException");
		String traceId = problem.path("traceId").asText();
		assertThat(output).contains("Request GET /api/public/boom failed with 500 (traceId=" + traceId + ")")
			.contains("java.lang.IllegalStateException: Secret internal state of db-7.internal");
	}

	@Test
	void exceptionOutsideSpringMvcIsAGeneric500(CapturedOutput output) {
		JsonNode problem = assertProblem(this.http.get("/api/public/filter-failure", null), 500, "internal-error",
				"filter secret", "IllegalStateException");
		assertThat(output).contains("outside Spring MVC (traceId=" + problem.path("traceId").asText() + ")");
	}

	@Test
	void sendErrorIsAProblemForItsStatus() {
		JsonNode problem = assertProblem(this.http.get("/api/public/send-error", null), 409, "conflict");
		assertThat(problem.path("title").asText()).isEqualTo("Conflict");
		assertThat(problem.path("instance").asText()).isEqualTo("/api/public/send-error");
	}

	@Test
	void applicationResponseStatusExceptionKeepsItsReason() {
		JsonNode problem = assertProblem(this.http.get("/api/public/gone/17", null), 410, "gone");
		assertThat(problem.path("detail").asText()).isEqualTo("Order 17 was archived.");
	}

	@Test
	void securityRefusalsCarryATraceIdToo() {
		JsonNode unauthorized = assertProblem(this.http.get("/api/me", null), 401, "unauthorized");
		assertThat(unauthorized.path("instance").asText()).isEqualTo("/api/me");
		String token = tokens.sign(tokens.claims("alice").build());
		// Method security's AccessDeniedException is Spring Security's to answer, not a
		// 500.
		assertProblem(this.http.get("/api/reports/1", token), 403, "access-denied");
	}

	private static String attributesOfSize(int size) {
		StringBuilder body = new StringBuilder("{\"name\":\"a\",\"quantity\":1,\"attributes\":{");
		for (int i = 0; body.length() < size; i++) {
			body.append((i > 0) ? "," : "").append("\"k").append(i).append("\":").append(i);
		}
		return body.append("}}").toString();
	}

	private HttpRequest.Builder request(String path) {
		return this.http.request(path);
	}

	private HttpResponse<String> postJson(String path, String body) {
		return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http11.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode read(HttpResponse<String> response) {
		try {
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new AssertionError("Not JSON: " + response.body(), ex);
		}
	}

	/**
	 * Assert a problem response: its status, type and media type, every member, and that
	 * nothing internal or echoed leaks.
	 */
	static JsonNode assertProblem(HttpResponse<String> response, int status, String type, String... mustNotContain) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = read(response);
		assertThat(problem.path("type").asText()).isEqualTo("urn:apisec:problem:" + type);
		assertThat(problem.path("title").asText()).isNotBlank();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asText()).isNotBlank();
		assertThat(problem.path("traceId").asText()).matches("[0-9a-f]{32}");
		assertThat(response.body()).doesNotContain("Exception", "java.", "org.springframework", "com.fasterxml",
				"\tat ", "trace\"", "Jackson", "dev.apisec.test");
		// The trace id is random hex: a rejected value such as 555 may occur in it by
		// chance.
		String withoutTraceId = response.body().replace(problem.path("traceId").asText(), "");
		for (String forbidden : mustNotContain) {
			assertThat(withoutTraceId).doesNotContain(forbidden);
		}
		return problem;
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingFilterConfiguration {

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {
						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) {
							throw new IllegalStateException("filter secret");
						}
					});
			registration.addUrlPatterns("/api/public/filter-failure");
			return registration;
		}

	}

}
