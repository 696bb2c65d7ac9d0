package dev.apisec.sample.retail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.otlp.tracing.endpoint} set, the sample exports its spans over
 * OTLP/HTTP: a small HTTP server stands in for the collector at {@code /v1/traces} and
 * receives protobuf batches with the starter's {@code apisec.authentication} span.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
// Spring Boot's tests turn span export off unless asked.
@AutoConfigureObservability(metrics = false)
class RetailTracingTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	static final Collector collector = new Collector();

	/** The demo partner key published in docs/sample.md. */
	static final String DEMO_PARTNER_KEY = "9FkCxTuGukiu_oVU0UExwIA2U4_MJfff1xpOAGpi1xM";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.otlp.tracing.endpoint", () -> collector.endpoint());
	}

	@AfterAll
	static void stopCollector() {
		collector.close();
	}

	@Test
	void spansOfTheStarterAreExportedOverOtlp() {
		assertThat(RetailHttp
			.send(HttpRequest.newBuilder(http.uri("/api/partner/stock")).header("X-API-Key", DEMO_PARTNER_KEY).build())
			.statusCode()).isEqualTo(200);
		awaitUntil(() -> collector.received().anyMatch((batch) -> contains(batch, "apisec.authentication")),
				"the collector received the apisec.authentication span");
		assertThat(collector.contentTypes).allMatch((type) -> type.startsWith("application/x-protobuf"));
	}

	private static boolean contains(byte[] batch, String text) {
		return new String(batch, StandardCharsets.ISO_8859_1).contains(text);
	}

	// Polls with a deadline, like the starter tests' Await helper (not a dependency of
	// the sample).
	private static void awaitUntil(BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting until " + description);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted", ex);
			}
		}
	}

	/**
	 * An OTLP/HTTP collector that keeps the bodies POSTed to {@code /v1/traces}.
	 */
	static final class Collector {

		private final HttpServer server;

		private final List<byte[]> batches = new CopyOnWriteArrayList<>();

		final List<String> contentTypes = new CopyOnWriteArrayList<>();

		Collector() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/v1/traces", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					if ("POST".equals(exchange.getRequestMethod())) {
						this.contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
						this.batches.add(body.readAllBytes());
					}
				}
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			this.server.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
		}

		Stream<byte[]> received() {
			return this.batches.stream();
		}

		void close() {
			this.server.stop(0);
		}

	}

}
