package dev.apisec.web;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers on every kind of response, HSTS only over HTTPS (here: as told by a
 * trusted proxy), and deprecation headers with 410 after an enforced sunset.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"apisec.network.trusted-proxies=127.0.0.1/32,::1/128", "apisec.authorization.rules[0].paths=/api/public/**",
		"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[1].paths=/api/limited/**",
		"apisec.authorization.rules[1].access=public", "apisec.authorization.rules[2].paths=/api/admin/**",
		"apisec.authorization.rules[2].roles=ADMIN", "apisec.rate-limit.policies[0].name=tiny",
		"apisec.rate-limit.policies[0].paths=/api/limited/tiny", "apisec.rate-limit.policies[0].limits[0].capacity=1",
		"apisec.rate-limit.policies[0].limits[0].period=1h", "apisec.deprecations[0].paths=/api/limited/v1",
		"apisec.deprecations[0].deprecated-since=2025-01-01", "apisec.deprecations[0].sunset=2099-12-31",
		"apisec.deprecations[0].link=https://docs.example/migrate", "apisec.deprecations[1].paths=/api/limited/v0",
		"apisec.deprecations[1].sunset=2020-06-30", "apisec.deprecations[1].enforce=true" })
@Import(WebHardeningHttpTests.CountingFirewall.class)
class WebHardeningHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "a-web-hardening-test-secret-32-bytes!",
			"api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
	}

	private final Http http;

	WebHardeningHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private static void assertSecurityHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Content-Security-Policy"))
			.hasValue("default-src 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("same-origin");
		assertThat(response.headers().allValues("Server"))
			.allSatisfy((server) -> assertThat(server).doesNotContainPattern("\\d"));
	}

	private String userToken() {
		return tokens.token("alice", "USER");
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) {
		return this.http.getWithHeaders(path, headers);
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
		HttpResponse<String> tooLarge = this.http.send(this.http.request("/api/public/echo")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(2_000_000) + "\"}"))
			.build());
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertSecurityHeaders(tooLarge);
		HttpResponse<String> unsupported = this.http.send(this.http.request("/api/public/echo")
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("hello"))
			.build());
		assertThat(unsupported.statusCode()).isEqualTo(415);
		assertSecurityHeaders(unsupported);
	}

	@Test
	void headerValuesTheFirewallRefusesAreA400Problem() throws IOException {
		// A C1 control character (byte 0x85, which Tomcat accepts as obs-text) in the
		// Authorization header: the firewall refuses it when the bearer-token resolver
		// reads the header (the ASCII fast path falls back to Spring Security's check).
		// Sent raw: Java's HTTP client would replace the character.
		int firewalled = CountingFirewall.requests.get();
		String token = userToken();
		String refused = rawGet("/api/admin/me", "Authorization: Bearer " + token + "\u0085");
		assertThat(refused).startsWith("HTTP/1.1 400 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.containsIgnoringCase("X-Content-Type-Options: nosniff")
			.doesNotContain("\u0085")
			.doesNotContain(token.substring(token.lastIndexOf('.')));
		// A tab is allowed by the firewall: the header reaches the resolver, which
		// refuses it.
		assertThat(rawGet("/api/admin/me", "Authorization: Bearer\t" + token)).startsWith("HTTP/1.1 401 ");
		assertThat(rawGet("/api/admin/me", "Authorization: Bearer " + token)).startsWith("HTTP/1.1 403 ");
		// Spring Security's chain went through the starter's firewall bean for each
		// request.
		assertThat(CountingFirewall.requests.get() - firewalled).isGreaterThanOrEqualTo(3);
	}

	/**
	 * Counts the requests that go through the starter's firewall bean, to prove that
	 * Spring Security's filter chain uses it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class CountingFirewall {

		static final AtomicInteger requests = new AtomicInteger();

		@Bean
		static BeanPostProcessor countingFirewall() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (!"apisecHttpFirewall".equals(name)) {
						return bean;
					}
					HttpFirewall firewall = (HttpFirewall) bean;
					return new HttpFirewall() {
						@Override
						public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
							requests.incrementAndGet();
							return firewall.getFirewalledRequest(request);
						}

						@Override
						public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
							return firewall.getFirewalledResponse(response);
						}
					};
				}
			};
		}

	}

	private String rawGet(String path, String header) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.http.port())) {
			socket.setSoTimeout(10_000);
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header
					+ "\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void hstsOnlyOnHttpsRequests() {
		assertThat(this.http.get("/api/public/hello", null).headers().firstValue("Strict-Transport-Security"))
			.isEmpty();
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
		assertThat(response.body()).contains("urn:apisec:problem:gone");
		assertSecurityHeaders(response);
	}

}
