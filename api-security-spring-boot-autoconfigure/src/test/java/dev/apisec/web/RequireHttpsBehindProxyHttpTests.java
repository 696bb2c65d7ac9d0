package dev.apisec.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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

	@LocalServerPort
	int port;

	private HttpResponse<String> get(String forwardedProto) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/public/hello"));
		if (forwardedProto != null) {
			request.header("X-Forwarded-Proto", forwardedProto);
		}
		return new Http(this.port).send(request.build());
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

}
