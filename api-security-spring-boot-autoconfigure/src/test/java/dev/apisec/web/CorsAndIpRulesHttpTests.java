package dev.apisec.web;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS for allowed, evil and null origins with credentials, and IP rules for IPv4 and
 * IPv6 addresses and countries. The test client is the trusted proxy (loopback), so the
 * forwarded address and country it sends are the client's.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.network.trusted-proxies=127.0.0.1/32,::1/128",
				"apisec.network.country-header=CF-IPCountry", "apisec.authorization.rules[0].paths=/api/public/**",
				"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[1].paths=/api/limited/**",
				"apisec.authorization.rules[1].access=public", "apisec.cors.mappings[0].paths=/api/public/**",
				"apisec.cors.mappings[0].allowed-origins=https://shop.example",
				"apisec.cors.mappings[0].allowed-methods=GET,POST", "apisec.cors.mappings[0].allow-credentials=true",
				"apisec.ip-rules[0].paths=/api/limited/internal", "apisec.ip-rules[0].allow=10.0.0.0/8,2001:db8::/32",
				"apisec.ip-rules[0].deny=10.6.6.6,2001:db8:bad::/48", "apisec.ip-rules[1].paths=/api/limited/eu",
				"apisec.ip-rules[1].allow-countries=DE,FR" })
class CorsAndIpRulesHttpTests {

	private final Http http;

	CorsAndIpRulesHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
		return this.http.sendWithHeaders(method, path, headers);
	}

	private HttpResponse<String> preflight(String origin) {
		return send("OPTIONS", "/api/public/hello", Map.of("Origin", origin, "Access-Control-Request-Method", "GET",
				"Access-Control-Request-Headers", "Authorization"));
	}

	@Test
	void preflightFromAnAllowedOriginIsAnswered() {
		HttpResponse<String> response = preflight("https://shop.example");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().allValues("Vary").toString()).contains("Origin");
	}

	@Test
	void allowedOriginMayReadTheRateLimitHeaders() {
		HttpResponse<String> response = send("GET", "/api/public/hello", Map.of("Origin", "https://shop.example"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("RateLimit")
			.contains("Retry-After");
	}

	@Test
	void preflightFromAnEvilOriginIsRefusedWithoutReflectingIt() {
		HttpResponse<String> response = preflight("https://evil.example");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:cors-rejected").doesNotContain("evil");
		assertThat(response.headers().allValues("Vary").toString()).contains("Origin");
	}

	@Test
	void requestFromAnEvilOriginGetsNoCorsHeaders() {
		HttpResponse<String> response = send("GET", "/api/public/hello", Map.of("Origin", "https://evil.example"));
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void nullOriginIsRefused() {
		HttpResponse<String> response = preflight("null");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void allowListAdmitsItsIpv4AndIpv6Ranges() {
		assertThat(send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "10.1.2.3")).statusCode())
			.isEqualTo(200);
		assertThat(send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "2001:db8::17")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void addressesOutsideTheAllowListAreRefused() {
		HttpResponse<String> response = send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "203.0.113.9"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:address-denied").doesNotContain("203.0.113.9");
		assertThat(send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "2001:db9::1")).statusCode())
			.isEqualTo(403);
	}

	@Test
	void denyListWinsInsideAllowedRanges() {
		assertThat(send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "10.6.6.6")).statusCode())
			.isEqualTo(403);
		assertThat(send("GET", "/api/limited/internal", Map.of("X-Forwarded-For", "2001:db8:bad::1")).statusCode())
			.isEqualTo(403);
	}

	@Test
	void countryRulesUseTheTrustedProxysCountryHeader() {
		assertThat(send("GET", "/api/limited/eu", Map.of("CF-IPCountry", "DE")).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/limited/eu", Map.of("CF-IPCountry", "us")).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/api/limited/eu", Map.of()).statusCode()).isEqualTo(403);
	}

	@Test
	void pathsWithoutRulesAreNotAffected() {
		assertThat(send("GET", "/api/limited/open", Map.of("X-Forwarded-For", "203.0.113.9")).statusCode())
			.isEqualTo(200);
	}

}
