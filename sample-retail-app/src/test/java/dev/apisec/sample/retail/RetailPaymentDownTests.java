package dev.apisec.sample.retail;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.function.SingletonSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment service is unreachable (its address points at a closed port): placing an
 * order fails fast with 503 problem+json, the payment circuit opens, nothing is sold, and
 * the catalog keeps serving.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class RetailPaymentDownTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	// A closed port, chosen when the context starts: the ports of the applications other
	// test
	// classes left running are taken by then, and the application's own is excluded;
	// either
	// would answer with its payment simulator.
	static final SingletonSupplier<Integer> DEAD_PORT = SingletonSupplier.of(() -> RetailHttp.freePortOtherThan(PORT));

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.payment.base-url", () -> "http://127.0.0.1:" + DEAD_PORT.get() + "/simulator");
		registry.add("retail.limits.orders-per-minute", () -> 1000);
	}

	private static String token() {
		return RetailHttp.accessToken(http.tokenRequest("alice", "alice-secret", null));
	}

	private static HttpResponse<String> order(String token) {
		return http.call("POST", "/api/orders", token, "{\"items\":[{\"productId\":3,\"quantity\":1}]}");
	}

	private static int stockOfProduct3() {
		String body = http.call("GET", "/api/products/3", null, null).body();
		return Integer.parseInt(body.replaceAll(".*\"stock\":(\\d+).*", "$1"));
	}

	@Test
	void orderPlacementFailsFastWith503AndTheCircuitOpensWhileTheCatalogServes() {
		String alice = token();
		int stock = stockOfProduct3();
		HttpResponse<String> first = order(alice);
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(first.headers().firstValue("Retry-After")).isPresent();
		assertThat(first.body()).contains("'payment' service is unavailable").doesNotContain("127.0.0.1");
		HttpResponse<String> last = first;
		for (int i = 0; i < 12; i++) {
			last = order(alice);
			assertThat(last.statusCode()).isEqualTo(503);
		}
		assertThat(last.body()).contains("circuit open");
		long start = System.nanoTime();
		assertThat(order(alice).statusCode()).isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(stockOfProduct3()).isEqualTo(stock);
		assertThat(http.call("GET", "/api/products", null, null).statusCode()).isEqualTo(200);
	}

}
