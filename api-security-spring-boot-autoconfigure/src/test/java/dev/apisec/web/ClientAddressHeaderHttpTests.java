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
 * Behind a proxy that appends to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for,
 * most load balancers) and passes any other header through untouched: with the default
 * {@code apisec.network.client-address-header=x-forwarded-for} only X-Forwarded-For says
 * who the client is, so a client-forged Forwarded header mints no identities, and
 * malformed hops get a deterministic answer, never a 500. The test client plays the
 * trusted proxy (loopback).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.network.trusted-proxies=127.0.0.1",
				"apisec.authorization.rules[0].paths=/api/limited/**", "apisec.authorization.rules[0].access=public",
				"apisec.rate-limit.policies[0].name=per-ip", "apisec.rate-limit.policies[0].paths=/api/limited/counted",
				"apisec.rate-limit.policies[0].key=ip", "apisec.rate-limit.policies[0].limits[0].capacity=20",
				"apisec.rate-limit.policies[0].limits[0].period=1h", "apisec.ip-rules[0].paths=/api/limited/internal",
				"apisec.ip-rules[0].allow=10.0.0.0/8,2001:db8::/32" })
class ClientAddressHeaderHttpTests {

	private final Http http;

	ClientAddressHeaderHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) {
		return this.http.getWithHeaders(path, headers);
	}

	@Test
	void forgedForwardedHeaderDoesNotEscapeThePerIpLimit() {
		List<Integer> statuses = new ArrayList<>();
		for (int n = 1; n <= 60; n++) {
			statuses.add(get("/api/limited/counted",
					Map.of("X-Forwarded-For", "203.0.113.9", "Forwarded", "for=198.51.100." + n))
				.statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(200);
		assertThat(statuses.subList(20, 60)).containsOnly(429);
	}

	@Test
	void forgedForwardedHeaderDoesNotPassAnIpRule() {
		HttpResponse<String> response = get("/api/limited/internal",
				Map.of("X-Forwarded-For", "203.0.113.9", "Forwarded", "for=10.1.2.3"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("address-denied");
	}

	@Test
	void hopsWithPortsAndBracketsAreTheAddressTheyName() {
		assertThat(get("/api/limited/internal", Map.of("X-Forwarded-For", "10.1.2.3:51234")).statusCode())
			.isEqualTo(200);
		assertThat(get("/api/limited/internal", Map.of("X-Forwarded-For", "[2001:db8::17]:443")).statusCode())
			.isEqualTo(200);
		assertThat(get("/api/limited/internal", Map.of("X-Forwarded-For", "203.0.113.9, [2001:db8::17]")).statusCode())
			.isEqualTo(200);
	}

	@Test
	void malformedHopsFallBackToTheTrustedPeerInsteadOfFailing() {
		// The walk stops at a hop that is not an IP address; the last address that can be
		// vouched for is the proxy (127.0.0.1), which this IP rule does not allow.
		for (String hop : List.of("1:2:3", "1:2:3:4:5:6:7:8:9", "::1::", "12345::", "garbage", "", " , ",
				"[2001:db8::17", "2001:db8::17]", "10.1.2.3:", "10.1.2.3:port", "10.1.2", "999.1.2.3", "fe80::1%eth0",
				"x".repeat(300))) {
			HttpResponse<String> response = get("/api/limited/internal", Map.of("X-Forwarded-For", hop));
			assertThat(response.statusCode()).as("X-Forwarded-For: %s", hop).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("address-denied");
		}
	}

	@Test
	void malformedHopsShareTheTrustedPeersBucket() {
		List<Integer> statuses = new ArrayList<>();
		for (int n = 1; n <= 25; n++) {
			statuses.add(get("/api/limited/counted",
					Map.of("X-Forwarded-For", n + ":" + n + ":" + n, "Forwarded", "for=198.51.100." + n))
				.statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(200);
		assertThat(statuses.subList(20, 25)).containsOnly(429);
	}

}
