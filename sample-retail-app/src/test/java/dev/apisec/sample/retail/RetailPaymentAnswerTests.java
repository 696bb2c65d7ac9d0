package dev.apisec.sample.retail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment service answers what the shop does not expect: a 401, 403 or 400 whose body
 * tells its internals, a 200 with an HTML page, a 200 with malformed JSON. Placing an
 * order is a 502 problem naming the payment client (never a 500), echoes nothing of the
 * answer, logs no stack trace, and sells nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RetailPaymentAnswerTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	static final PaymentService payments = PaymentService.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.payment.base-url", payments::url);
		registry.add("retail.limits.orders-per-minute", () -> 1000);
	}

	@AfterAll
	static void stopPaymentService() {
		payments.close();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
			401 | application/json | {"message":"SQL error near payments_internal"}
			403 | application/json | {"message":"SQL error near payments_internal"}
			400 | application/json | {"message":"SQL error near payments_internal"}
			200 | text/html        | <html><body>payments_internal maintenance</body></html>
			200 | application/json | {"id":"payments_internal","status":
			""")
	void unexpectedAnswerOfThePaymentServiceIsA502ProblemAndSellsNothing(int status, String contentType, String body,
			CapturedOutput output) {
		String alice = RetailHttp.accessToken(http.tokenRequest("alice", "alice-secret", null));
		http.awaitKeys(alice);
		payments.answer(status, contentType, body);
		int stock = stockOfProduct1();
		int calls = payments.calls();
		int logged = output.length();
		HttpResponse<String> response = http.call("POST", "/api/orders", alice,
				"{\"items\":[{\"productId\":1,\"quantity\":1}]}");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://retail.example/problems/downstream-bad-response")
			.contains("The 'payment' service gave an unexpected answer.")
			.doesNotContain("payments_internal")
			.doesNotContain("SQL")
			.doesNotContain("html")
			.doesNotContain("127.0.0.1");
		assertThat(payments.calls()).isGreaterThan(calls);
		String log = output.toString().substring(logged);
		assertThat(log).contains("Call of client 'payment' failed: unexpected response")
			.doesNotContain("payments_internal")
			.doesNotContain("\tat ");
		assertThat(stockOfProduct1()).isEqualTo(stock);
	}

	private static int stockOfProduct1() {
		String body = http.call("GET", "/api/products/1", null, null).body();
		return Integer.parseInt(body.replaceAll(".*\"stock\":(\\d+).*", "$1"));
	}

	/**
	 * A payment service on a free loopback port that answers every payment the same way.
	 */
	static final class PaymentService implements AutoCloseable {

		private final HttpServer server;

		private final AtomicReference<String[]> answer = new AtomicReference<>(
				new String[] { "200", "application/json", "{\"id\":\"p-1\",\"status\":\"AUTHORIZED\"}" });

		private final AtomicInteger calls = new AtomicInteger();

		private PaymentService(HttpServer server) {
			this.server = server;
		}

		static PaymentService start() {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				PaymentService service = new PaymentService(server);
				server.createContext("/payments", (exchange) -> {
					try (exchange) {
						exchange.getRequestBody().readAllBytes();
						service.calls.incrementAndGet();
						String[] answer = service.answer.get();
						byte[] bytes = answer[2].getBytes(StandardCharsets.UTF_8);
						exchange.getResponseHeaders().set("Content-Type", answer[1]);
						exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
						try (OutputStream out = exchange.getResponseBody()) {
							out.write(bytes);
						}
					}
				});
				server.start();
				return service;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		void answer(int status, String contentType, String body) {
			this.answer.set(new String[] { Integer.toString(status), contentType, body });
		}

		int calls() {
			return this.calls.get();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
