package dev.apisec.sample.retail.attack;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spellings of a protected path meant to slip past the path rules: trailing slashes,
 * case, matrix parameters ({@code ;}), dot segments, encoded slashes, dots, backslashes,
 * percent signs and NUL, doubled slashes, suffixes. A USER (bob) tries to reach the
 * ADMIN-only customer list {@code /api/users} and the actuator; each spelling is either
 * refused outright (400: Spring Security's firewall or Tomcat) or matches no rule and
 * falls to default deny (403), never the protected resource.
 */
class PathConfusionTests extends AttackSuite {

	static Stream<Arguments> spellings() {
		return Stream.of(Arguments.of("/api/users/", 403), Arguments.of("/API/users", 403),
				Arguments.of("/api/Users", 403), Arguments.of("/api/users.json", 403),
				Arguments.of("/api/users/%20", 403), Arguments.of("/api/users;x=y", 400),
				Arguments.of("/api/users;jsessionid=0", 400), Arguments.of("/api/users%3B", 400),
				Arguments.of("/api/./users", 400), Arguments.of("/api/orders/../users", 400),
				Arguments.of("/api/products/1/../../users", 400), Arguments.of("/api/%2e%2e/users", 400),
				Arguments.of("/api/orders/%2e%2e/users", 400), Arguments.of("/api/products/..;/users", 400),
				Arguments.of("/api/orders%2F..%2Fusers", 400), Arguments.of("/api/users%2F", 400),
				Arguments.of("/api/users%5C", 400), Arguments.of("/api/users%00", 400),
				Arguments.of("/api/users%252F", 400), Arguments.of("//api/users", 400),
				Arguments.of("/api//users", 400), Arguments.of("/actuator;/env", 400),
				Arguments.of("/actuator/health/../env", 400), Arguments.of("/actuator/health/%2e%2e/env", 400),
				Arguments.of("/actuator/env/", 403), Arguments.of("/ACTUATOR/env", 403));
	}

	@ParameterizedTest(name = "{0} as USER -> {1}")
	@MethodSource("spellings")
	void spellingOfAProtectedPathNeverReachesIt(String path, int status) {
		String token = bob();
		HttpResponse<String> response = call("GET", path, token, null);
		JsonNode problem = Refusals.assertRefused(response, status, token);
		assertThat(response.body()).doesNotContain("\"username\"", "firstSeen");
		if (status == 403) {
			assertThat(problem.path("detail").asText()).isEqualTo("Access denied by rule 'default-access'.");
		}
	}

	@ParameterizedTest(name = "{0} anonymously -> 401")
	@MethodSource("publicLookingSpellings")
	void spellingOfAPublicPathDoesNotMakeAProtectedOnePublic(String path) {
		Refusals.assertRefused(call("GET", path, null, null), 401);
	}

	static Stream<String> publicLookingSpellings() {
		// The catalog is public; none of these is the catalog.
		return Stream.of("/api/products/", "/api/products/1/", "/api/v1/products/", "/api/v1/products/1",
				"/api/v2/products", "/api/products.json");
	}

	@Test
	void methodOverrideHeadersAndParametersAreNotHonoured() {
		// A POST that claims to be a GET must not fall under the public GET rule of the
		// catalog.
		String body = "{\"sku\":\"EVIL-1\",\"name\":\"Evil\",\"price\":0.01,\"stock\":1}";
		for (String header : new String[] { "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override" }) {
			HttpResponse<String> response = send(request("/api/products").header(header, "GET")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
			Refusals.assertRefused(response, 401);
		}
		Refusals.assertRefused(send(request("/api/products?_method=GET").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))), 401);
		assertThat(call("GET", "/api/products", null, null).body()).doesNotContain("EVIL-1");
	}

	@Test
	void traceIsRefusedAndNeverEchoesTheRequest() {
		HttpResponse<String> response = send(request("/api/products").header("X-Secret", "echo-me-not")
			.method("TRACE", HttpRequest.BodyPublishers.noBody()));
		// Spring Security's firewall refuses TRACE, and the starter answers with the 400
		// problem (cross-site tracing needs the echo).
		Refusals.assertRefused(response, 400);
		assertThat(response.body()).doesNotContain("echo-me-not").doesNotContain("X-Secret");
	}

}
