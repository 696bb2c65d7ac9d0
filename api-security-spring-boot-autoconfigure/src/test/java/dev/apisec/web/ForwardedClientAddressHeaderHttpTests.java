package dev.apisec.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a proxy that appends RFC 7239 {@code Forwarded} elements
 * ({@code apisec.network.client-address-header=forwarded}): the address and the protocol
 * come from the element that names the client, and X-Forwarded-For and X-Forwarded-Proto,
 * which such a proxy passes through as the client wrote them, count for nothing. The test
 * client plays the trusted proxy (loopback).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.network.trusted-proxies=127.0.0.1", "apisec.network.client-address-header=forwarded",
				"apisec.transport.require-https=true", "apisec.authorization.rules[0].paths=/api/limited/**",
				"apisec.authorization.rules[0].access=public", "apisec.rate-limit.policies[0].name=per-ip",
				"apisec.rate-limit.policies[0].paths=/api/limited/counted", "apisec.rate-limit.policies[0].key=ip",
				"apisec.rate-limit.policies[0].limits[0].capacity=20",
				"apisec.rate-limit.policies[0].limits[0].period=1h", "apisec.ip-rules[0].paths=/api/limited/internal",
				"apisec.ip-rules[0].allow=10.0.0.0/8,2001:db8::/32" })
class ForwardedClientAddressHeaderHttpTests {

	private final Http http;

	ForwardedClientAddressHeaderHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) {
		return this.http.getWithHeaders(path, headers);
	}

	@Test
	void forgedXForwardedForDoesNotEscapeThePerIpLimit() {
		List<Integer> statuses = new ArrayList<>();
		for (int n = 1; n <= 30; n++) {
			statuses.add(get("/api/limited/counted",
					Map.of("Forwarded", "for=198.51.100." + n + ";proto=https, for=203.0.113.9;proto=https",
							"X-Forwarded-For", "198.51.100." + n))
				.statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(200);
		assertThat(statuses.subList(20, 30)).containsOnly(429);
	}

	@Test
	void forwardedElementNamesTheClientForIpRules() {
		assertThat(get("/api/limited/internal", Map.of("Forwarded", "for=10.1.2.3;proto=https")).statusCode())
			.isEqualTo(200);
		assertThat(get("/api/limited/internal", Map.of("Forwarded", "for=\"[2001:db8::17]:4711\";proto=https"))
			.statusCode()).isEqualTo(200);
		HttpResponse<String> forged = get("/api/limited/internal",
				Map.of("Forwarded", "for=203.0.113.9;proto=https", "X-Forwarded-For", "10.1.2.3"));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("address-denied");
	}

	@Test
	void protoOfTheElementNamingTheClientDecidesHttps() {
		HttpResponse<String> secure = get("/api/limited/open", Map.of("Forwarded", "for=203.0.113.9;proto=https"));
		assertThat(secure.statusCode()).isEqualTo(200);
		assertThat(secure.headers().firstValue("Strict-Transport-Security")).isPresent();
		// The client forged an HTTPS element; the proxy appended the plain-HTTP truth.
		assertThat(get("/api/limited/open",
				Map.of("Forwarded", "for=198.51.100.1;proto=https, for=203.0.113.9;proto=http"))
			.statusCode()).isEqualTo(308);
		// X-Forwarded-Proto is not the configured header.
		assertThat(get("/api/limited/open", Map.of("X-Forwarded-Proto", "https")).statusCode()).isEqualTo(308);
	}

	@Test
	void malformedForwardedElementsFallBackToTheTrustedPeerInsteadOfFailing() {
		for (String element : List.of("for=1:2:3;proto=https", "for=\"1:2:3\";proto=https", "for=unknown;proto=https",
				"for=_hidden;proto=https", "for=;proto=https", "proto=https", "for=\"[2001:db8::17\";proto=https",
				"garbage", ";;;", "for=\"10.1.2.3:port\";proto=https")) {
			// The peer is the client, and the peer's own connection is plain HTTP.
			HttpResponse<String> response = get("/api/limited/internal", Map.of("Forwarded", element));
			assertThat(response.statusCode()).as("Forwarded: %s", element).isEqualTo(308);
			HttpResponse<String> behindGoodHop = get("/api/limited/internal",
					Map.of("Forwarded", element + ", for=203.0.113.9;proto=https"));
			assertThat(behindGoodHop.statusCode()).as("Forwarded: %s", element).isEqualTo(403);
			assertThat(behindGoodHop.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

}
