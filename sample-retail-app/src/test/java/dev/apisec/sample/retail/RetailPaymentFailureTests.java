package dev.apisec.sample.retail;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment simulator answers every payment with 503 (failure-rate 1.0): placing an
 * order is a 503 problem of the sample (never a 500), nothing is sold, and once enough
 * payments have failed the circuit opens and orders are refused without calling the
 * service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class RetailPaymentFailureTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.payment-simulator.failure-rate", () -> 1.0);
		registry.add("retail.limits.orders-per-minute", () -> 1000);
	}

	private static HttpResponse<String> order(String token) {
		return http.call("POST", "/api/orders", token, "{\"items\":[{\"productId\":2,\"quantity\":1}]}");
	}

	private static int stockOfProduct2() {
		String body = http.call("GET", "/api/products/2", null, null).body();
		return Integer.parseInt(body.replaceAll(".*\"stock\":(\\d+).*", "$1"));
	}

	@Test
	void failedPaymentIsA503ProblemAndSellsNothingUntilTheCircuitOpens() {
		String alice = RetailHttp.accessToken(http.tokenRequest("alice", "alice-secret", null));
		http.awaitKeys(alice);
		int stock = stockOfProduct2();
		HttpResponse<String> response = order(alice);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.body()).contains("https://retail.example/problems/payment-unavailable")
			.doesNotContain("localhost:" + PORT);
		// The default circuit needs 10 calls, half of them failed, to open.
		for (int i = 0; i < 10 && !response.body().contains("downstream-circuit-open"); i++) {
			response = order(alice);
			assertThat(response.statusCode()).isEqualTo(503);
		}
		assertThat(response.body()).contains("https://retail.example/problems/downstream-circuit-open");
		assertThat(stockOfProduct2()).isEqualTo(stock);
		assertThat(http.call("GET", "/api/orders", alice, null).body()).isEqualTo("[]");
	}

}
