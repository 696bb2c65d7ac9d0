package dev.apisec.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers on every kind of response, HSTS only over HTTPS (here: as told by a
 * trusted proxy), and deprecation headers with 410 after an enforced sunset.
 */
@SpringBootTest(classes = TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.network.trusted-proxies=127.0.0.1/32,::1/128",
				"apisec.jwt.issuers[0].issuer-uri=https://tokens.example",
				"apisec.jwt.issuers[0].hmac-secret=" + WebHardeningHttpTests.SECRET,
				"apisec.jwt.issuers[0].audiences=api", "apisec.authorization.rules[0].paths=/api/public/**",
				"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[1].paths=/api/limited/**",
				"apisec.authorization.rules[1].access=public", "apisec.authorization.rules[2].paths=/api/admin/**",
				"apisec.authorization.rules[2].roles=ADMIN", "apisec.rate-limit.policies[0].name=tiny",
				"apisec.rate-limit.policies[0].paths=/api/limited/tiny",
				"apisec.rate-limit.policies[0].limits[0].capacity=1",
				"apisec.rate-limit.policies[0].limits[0].period=1h",
				"apisec.deprecations[0].paths=/api/limited/v1", "apisec.deprecations[0].deprecated-since=2025-01-01",
				"apisec.deprecations[0].sunset=2099-12-31", "apisec.deprecations[0].link=https://docs.example/migrate",
				"apisec.deprecations[1].paths=/api/limited/v0", "apisec.deprecations[1].sunset=2020-06-30",
				"apisec.deprecations[1].enforce=true" })
class WebHardeningHttpTests {

	static final String SECRET = "a-web-hardening-test-secret-32-bytes!";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	private static void assertSecurityHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Content-Security-Policy"))
			.hasValue("default-src 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("same-origin");
		assertThat(response.headers().allValues("Server")).allSatisfy((server) -> assertThat(server).doesNotContainPattern("\\d"));
	}

	private String userToken() {
		return Tokens.signHmac(SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256,
				Tokens.claims("https://tokens.example", "api", "alice").claim("roles", java.util.List.of("USER")).build(),
				null);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		headers.forEach(request::header);
		return this.http.send(request.build());
	}

	@Test
	void securityHeadersAreOnEveryKindOfResponse() {
		HttpResponse<String> ok = this.http.get("/api/public/hello", null);
		assertThat(ok.statusCode()).isEqualTo(200);
		assertSecurityHeaders(ok);
		HttpResponse<String> unauthorized = this.http.get("/api/admin/me", null);
		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertSecurityHeaders(unauthorized);
		HttpResponse<String> forbidden = this.http.get("/api/admin/me", userToken());
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertSecurityHeaders(forbidden);
		HttpResponse<String> notFound = this.http.get("/api/public/missing", null);
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertSecurityHeaders(notFound);
		HttpResponse<String> wrongMethod = this.http.send("DELETE", "/api/public/hello", null);
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertSecurityHeaders(wrongMethod);
		this.http.get("/api/limited/tiny", null);
		HttpResponse<String> tooMany = this.http.get("/api/limited/tiny", null);
		assertThat(tooMany.statusCode()).isEqualTo(429);
		assertSecurityHeaders(tooMany);
		HttpResponse<String> failed = this.http.get("/api/public/boom", null);
		assertThat(failed.statusCode()).isEqualTo(500);
		assertSecurityHeaders(failed);
		HttpResponse<String> tooLarge = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/public/echo"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(2_000_000) + "\"}"))
			.build());
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertSecurityHeaders(tooLarge);
		HttpResponse<String> unsupported = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/public/echo"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("hello"))
			.build());
		assertThat(unsupported.statusCode()).isEqualTo(415);
		assertSecurityHeaders(unsupported);
	}

	@Test
	void hstsOnlyOnHttpsRequests() {
		assertThat(this.http.get("/api/public/hello", null).headers().firstValue("Strict-Transport-Security")).isEmpty();
		HttpResponse<String> viaTlsProxy = get("/api/public/hello", Map.of("X-Forwarded-Proto", "https"));
		assertThat(viaTlsProxy.headers().firstValue("Strict-Transport-Security"))
			.hasValue("max-age=31536000; includeSubDomains");
	}

	@Test
	void deprecatedApiAnnouncesDeprecationSunsetAndMigrationLink() {
		HttpResponse<String> response = this.http.get("/api/limited/v1", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Deprecation")).hasValue("@1735689600");
		assertThat(response.headers().firstValue("Sunset")).hasValue("Thu, 31 Dec 2099 00:00:00 GMT");
		assertThat(response.headers().firstValue("Link"))
			.hasValue("<https://docs.example/migrate>; rel=\"deprecation\"; type=\"text/html\"");
		assertThat(this.http.get("/api/limited/v2", null).headers().firstValue("Deprecation")).isEmpty();
	}

	@Test
	void enforcedSunsetAnswers410() {
		HttpResponse<String> response = this.http.get("/api/limited/v0", null);
		assertThat(response.statusCode()).isEqualTo(410);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Sunset")).hasValue("Tue, 30 Jun 2020 00:00:00 GMT");
		assertThat(response.body()).contains("https://apisec.dev/problems/gone");
		assertSecurityHeaders(response);
	}

}
