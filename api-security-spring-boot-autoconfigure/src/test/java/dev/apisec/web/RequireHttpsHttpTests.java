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
 * HTTPS only, with no trusted proxy: plain HTTP is redirected or refused, and an
 * X-Forwarded-Proto header from the (untrusted) peer changes nothing.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.transport.require-https=true", "apisec.authorization.rules[0].paths=/api/public/**",
				"apisec.authorization.rules[0].access=public" })
class RequireHttpsHttpTests {

	private final Http http;

	RequireHttpsHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> send(String method, String path, String forwardedProto) {
		return this.http.sendWithHeaders(method, path,
				(forwardedProto != null) ? Map.of("X-Forwarded-Proto", forwardedProto) : Map.of());
	}

	@Test
	void plainHttpGetIsRedirectedToHttps() {
		HttpResponse<String> response = send("GET", "/api/public/hello?x=1", null);
		assertThat(response.statusCode()).isEqualTo(308);
		assertThat(response.headers().firstValue("Location")).hasValue("https://127.0.0.1/api/public/hello?x=1");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void plainHttpPostIsRefusedNotRedirected() {
		HttpResponse<String> response = send("POST", "/api/public/hello", null);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:https-required");
	}

	@Test
	void forwardedProtoFromAnUntrustedPeerIsIgnored() {
		assertThat(send("GET", "/api/public/hello", "https").statusCode()).isEqualTo(308);
	}

}
