package dev.apisec.sample.retail.attack;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin requests and response headers. The sample lets exactly one web origin call
 * it from a browser ({@code https://shop.example}, {@code apisec.cors} in
 * application.yml); every other origin, look-alikes included, is refused with 403 and
 * never reflected. Every response, whatever answers it (a controller, the security chain,
 * the rate limiter, the body limit, Tomcat itself), carries the security headers and no
 * server banner.
 */
class CorsAndHeadersTests extends AttackSuite {

	static final String SHOP = "https://shop.example";

	@ParameterizedTest(name = "preflight from {0} -> 403")
	@ValueSource(strings = { "https://evil.example", "null", "http://shop.example", "https://shop.example.evil.com",
			"https://evilshop.example", "https://shop.example:8443", "https://sub.shop.example",
			"https://SHOP.example.", "https://shop.example%60.evil.com" })
	void preflightFromAnotherOriginIsRefusedWithoutReflectingIt(String origin) {
		HttpResponse<String> response = preflight("/api/orders", origin, "POST", "Authorization, Content-Type");
		JsonNode problem = Refusals.assertRefused(response, 403, origin);
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/cors-rejected");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@ParameterizedTest(name = "GET from {0} -> 403")
	@ValueSource(strings = { "https://evil.example", "null" })
	void requestFromAnotherOriginIsRefused(String origin) {
		HttpResponse<String> response = send(request("/api/products").header("Origin", origin));
		Refusals.assertRefused(response, 403, origin);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.body()).doesNotContain("TEE-001");
	}

	@Test
	void preflightFromTheShopIsAnsweredWithoutCredentials() {
		HttpResponse<String> response = preflight("/api/orders", SHOP, "POST", "Authorization, Content-Type");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST")
			.doesNotContain("DELETE");
		assertThat(response.headers().allValues("Vary").toString()).contains("Origin");
		HttpResponse<String> get = send(request("/api/products").header("Origin", SHOP));
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
	}

	@Test
	void preflightFromTheShopForAMethodOrHeaderItMayNotUseIsRefused() {
		Refusals.assertRefused(preflight("/api/products/1", SHOP, "DELETE", "Authorization"), 403);
		Refusals.assertRefused(preflight("/api/orders", SHOP, "POST", "X-Forwarded-For"), 403);
	}

	@Test
	void actuatorIsNotOpenToBrowsersOfAnyOrigin() {
		HttpResponse<String> response = preflight("/actuator/metrics", SHOP, "GET", "Authorization");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.statusCode()).isNotEqualTo(200);
	}

	static Stream<Arguments> responses() {
		return Stream.of(Arguments.of("200 from a controller", 200, lazy(() -> request("/api/products"))),
				Arguments.of("401 from the security chain", 401, lazy(() -> request("/api/orders"))),
				Arguments.of("403 from the security chain", 403,
						lazy(() -> request("/api/users").header("Authorization", "Bearer " + bob()))),
				Arguments.of("404 from the application", 404, lazy(() -> request("/api/products/987654321"))),
				Arguments.of("400 from the firewall", 400, lazy(() -> request("/api/products;x=1"))),
				Arguments.of("400 from Tomcat", 400, lazy(() -> request("/api/products%2F1"))),
				Arguments.of("413 from the body limit", 413,
						lazy(() -> request("/api/orders").header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("x".repeat(1_100_000))))),
				Arguments.of("403 CORS refusal", 403,
						lazy(() -> request("/api/products").header("Origin", "https://evil.example"))));
	}

	/**
	 * A request built when the test runs, once the application (and its tokens) are up.
	 */
	private static Supplier<HttpRequest.Builder> lazy(Supplier<HttpRequest.Builder> request) {
		return request;
	}

	@ParameterizedTest(name = "{0} -> security headers")
	@MethodSource("responses")
	void everyResponseCarriesTheSecurityHeadersAndNoBanner(String what, int status,
			Supplier<HttpRequest.Builder> request) {
		HttpResponse<String> response = send(request.get());
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Content-Security-Policy"))
			.hasValue("default-src 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("same-origin");
		// Plain HTTP: HSTS only goes on HTTPS responses. No banner, no session cookie.
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(response.headers().firstValue("Server")).isEmpty();
		assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		if (status >= 400) {
			Refusals.assertRefused(response, status);
		}
	}

	@Test
	void jsonResponsesDeclareTheirTypeSoBrowsersNeverSniff() {
		assertThat(call("GET", "/api/products", null, null).headers().firstValue("Content-Type"))
			.hasValue("application/json");
		assertThat(call("GET", "/api/users/me", alice(), null).headers().firstValue("Content-Type"))
			.hasValue("application/json");
	}

	private static HttpResponse<String> preflight(String path, String origin, String method, String headers) {
		return send(request(path).header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers)
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
	}

}
