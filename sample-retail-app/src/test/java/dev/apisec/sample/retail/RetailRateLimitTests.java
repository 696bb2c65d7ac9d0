package dev.apisec.sample.retail;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's rate limits with their configured values: orders per user, the catalog per
 * address, and the demo token endpoint per address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class RetailRateLimitTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.limits.tokens-per-minute", () -> 4);
	}

	private static HttpResponse<String> tokenRequest(String client, String secret) {
		return http.tokenRequest(client, secret, null);
	}

	@Test
	void ordersAreLimitedPerUserAndTokensPerAddress() {
		HttpResponse<String> tokenResponse = tokenRequest("alice", "alice-secret");
		assertThat(tokenResponse.statusCode()).isEqualTo(200);
		assertThat(tokenResponse.headers().firstValue("RateLimit-Policy")).hasValue("\"token\";q=4;w=60");
		String alice = RetailHttp.accessToken(tokenResponse);
		String bob = RetailHttp.accessToken(tokenRequest("bob", "bob-secret"));
		for (int i = 0; i < 10; i++) {
			assertThat(order(alice).statusCode()).isEqualTo(201);
		}
		HttpResponse<String> limited = order(alice);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"orders\";r=0;");
		assertThat(order(bob).statusCode()).isEqualTo(201);
		// Token requests so far: alice, bob, and the shop's own payment token. The fourth
		// from this address is allowed, then the address is limited, whatever the secret
		// (guessing client secrets is limited too).
		assertThat(tokenRequest("admin", "wrong").statusCode()).isEqualTo(401);
		HttpResponse<String> tooMany = tokenRequest("admin", "admin-secret");
		assertThat(tooMany.statusCode()).isEqualTo(429);
		assertThat(tooMany.body()).contains("Rate limit 'token' exceeded");
	}

	@Test
	void catalogResponsesCarryTheBurstAndSteadyPolicies() {
		HttpResponse<String> response = http.call("GET", "/api/products", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"catalog-burst\";q=20;w=1, \"catalog\";q=100;w=60");
	}

	private static HttpResponse<String> order(String token) {
		return http.call("POST", "/api/orders", token, "{\"items\":[{\"productId\":5,\"quantity\":1}]}");
	}

}
