package dev.apisec.ratelimit;

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
 * Behind a trusted proxy (here: loopback) the forwarded client address is honoured, so
 * each client behind the proxy has its own bucket.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.network.trusted-proxies=127.0.0.1/32,::1/128",
				"apisec.authorization.rules[0].paths=/api/limited/**", "apisec.authorization.rules[0].access=public",
				"apisec.rate-limit.headers=legacy", "apisec.rate-limit.policies[0].name=per-client",
				"apisec.rate-limit.policies[0].paths=/api/limited/**", "apisec.rate-limit.policies[0].key=ip",
				"apisec.rate-limit.policies[0].limits[0].capacity=1",
				"apisec.rate-limit.policies[0].limits[0].period=1h" })
class TrustedProxyRateLimitHttpTests {

	private final Http http;

	TrustedProxyRateLimitHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String forwardedFor) {
		return this.http.getWithHeaders("/api/limited/x", Map.of("X-Forwarded-For", forwardedFor));
	}

	@Test
	void trustedProxysForwardedAddressSelectsTheBucket() {
		HttpResponse<String> first = get("198.51.100.1");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("1");
		assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(get("198.51.100.1").statusCode()).isEqualTo(429);
		assertThat(get("198.51.100.2").statusCode()).isEqualTo(200);
		// A client behind the proxy cannot prepend a new identity: the proxy appends the
		// real one.
		assertThat(get("203.0.113.77, 198.51.100.2").statusCode()).isEqualTo(429);
	}

}
