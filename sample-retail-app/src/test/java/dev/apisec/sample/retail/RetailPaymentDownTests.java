package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment service is unreachable (its address points at a closed port): placing an
 * order fails fast with 503 problem+json, the payment circuit opens, nothing is sold, and
 * the catalog keeps serving.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class RetailPaymentDownTests {

	static final int PORT = freePort();

	static final int DEAD_PORT = freePort();

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.payment.base-url", () -> "http://127.0.0.1:" + DEAD_PORT + "/simulator");
		registry.add("retail.limits.orders-per-minute", () -> 1000);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String token() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/oauth2/token"))
			.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice-secret".getBytes()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build());
		return response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	private static HttpResponse<String> order(String token) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/api/orders"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":3,\"quantity\":1}]}"))
			.build());
	}

	private static int stockOfProduct3() {
		String body = send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/api/products/3")).build())
			.body();
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
		assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/api/products")).build())
			.statusCode()).isEqualTo(200);
	}

}
