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
 * HTTPS only behind a TLS-terminating proxy (here: loopback, trusted): the proxy's
 * X-Forwarded-Proto decides.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.transport.require-https=true", "apisec.network.trusted-proxies=127.0.0.1/32,::1/128",
				"apisec.authorization.rules[0].paths=/api/public/**", "apisec.authorization.rules[0].access=public" })
class RequireHttpsBehindProxyHttpTests {

	private final Http http;

	RequireHttpsBehindProxyHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String forwardedProto) {
		return send((forwardedProto != null) ? Map.of("X-Forwarded-Proto", forwardedProto) : Map.of());
	}

	private HttpResponse<String> send(Map<String, String> headers) {
		return this.http.getWithHeaders("/api/public/hello", headers);
	}

	@Test
	void requestTheTrustedProxyReceivedOverHttpsIsServed() {
		HttpResponse<String> response = get("https");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	@Test
	void requestTheTrustedProxyReceivedOverHttpIsRedirected() {
		assertThat(get("http").statusCode()).isEqualTo(308);
		assertThat(get(null).statusCode()).isEqualTo(308);
	}

	@Test
	void clientForgedForwardedProtoDoesNotOverruleTheProxysXForwardedProto() {
		// The proxy sets X-Forwarded-Proto and passes the client's own Forwarded through.
		HttpResponse<String> forged = send(
				Map.of("X-Forwarded-Proto", "http", "Forwarded", "for=203.0.113.9;proto=https"));
		assertThat(forged.statusCode()).isEqualTo(308);
		assertThat(forged.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(send(Map.of("Forwarded", "for=203.0.113.9;proto=https")).statusCode()).isEqualTo(308);
	}

	@Test
	void clientForgedXForwardedProtoThatTheProxyAppendedToIsNotHttps() {
		assertThat(get("https, http").statusCode()).isEqualTo(308);
	}

}
