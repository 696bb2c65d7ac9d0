package dev.apisec.jwt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second issuer whose JWK Set URI refuses connections from startup on, with retries
 * every 20 ms: far more failed fetches than the doubling backoff used to survive (it
 * overflowed after 63, leaving requests hanging or answered 500, and the refresh dead).
 * Six threads send its tokens; every answer is a prompt 503, the first issuer keeps
 * working, and keys arrive at once when the provider finally answers.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksOutageHttpTests {

	static final String DOWN_ISSUER = "https://down.example";

	static final JwksServer idp = new JwksServer();

	static final RSAKey key = Tokens.rsaKey("up-1");

	static final RSAKey downKey = Tokens.rsaKey("down-1");

	// Taken and released: nothing listens there, so connections are refused.
	static final int downPort = freePort();

	static JwksServer lateIdp;

	static {
		idp.publish(key.toPublicJWK());
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("apisec.jwt.issuers[0].issuer-uri", idp::issuer);
		registry.add("apisec.jwt.issuers[0].jwk-set-uri", idp::jwkSetUri);
		registry.add("apisec.jwt.issuers[0].audiences[0]", () -> "retail-api");
		registry.add("apisec.jwt.issuers[1].issuer-uri", () -> DOWN_ISSUER);
		registry.add("apisec.jwt.issuers[1].jwk-set-uri", () -> "http://127.0.0.1:" + downPort + "/jwks");
		registry.add("apisec.jwt.issuers[1].audiences[0]", () -> "retail-api");
		registry.add("apisec.jwt.jwks.min-refetch-interval", () -> "20ms");
		registry.add("apisec.jwt.jwks.refresh-interval", () -> "1s");
		registry.add("apisec.jwt.jwks.connect-timeout", () -> "500ms");
		registry.add("apisec.jwt.jwks.read-timeout", () -> "500ms");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("apisec.authorization.rules[0].paths", () -> "/api/me");
		registry.add("apisec.authorization.rules[0].access", () -> "authenticated");
	}

	@AfterAll
	static void stopServers() {
		idp.close();
		if (lateIdp != null) {
			lateIdp.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private double failedFetches() {
		Counter counter = this.meterRegistry.find("apisec.jwks.refresh")
			.tags("issuer", DOWN_ISSUER, "outcome", "failure")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	@Order(1)
	void sixThreadsGetPrompt503sNever500OrAHangWhileTheProviderRefusesConnections() throws Exception {
		String token = Tokens.sign(downKey, Tokens.claims(DOWN_ISSUER, "retail-api", "alice").build());
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger hung = new AtomicInteger();
		AtomicLong slowestMillis = new AtomicLong();
		List<String> badBodies = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			running.add(threads.submit(() -> {
				while (System.nanoTime() < end) {
					HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/me"))
						.timeout(Duration.ofSeconds(5))
						.header("Authorization", "Bearer " + token)
						.build();
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
						statuses.computeIfAbsent(response.statusCode(), (code) -> new AtomicInteger()).incrementAndGet();
						if (!response.body().contains("https://apisec.dev/problems/keys-unavailable")
								|| response.headers().firstValue("Retry-After").isEmpty()) {
							synchronized (badBodies) {
								badBodies.add(response.statusCode() + " " + response.body());
							}
						}
					}
					catch (HttpTimeoutException ex) {
						hung.incrementAndGet();
					}
					slowestMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - start).toMillis(), Math::max);
				}
				return null;
			}));
		}
		for (Future<?> thread : running) {
			thread.get(30, TimeUnit.SECONDS);
		}
		threads.shutdownNow();
		assertThat(hung).hasValue(0);
		assertThat(statuses.keySet()).containsExactly(503);
		assertThat(badBodies).isEmpty();
		// The fetch timeout is connect-timeout plus read-timeout, 1 s here.
		assertThat(slowestMillis.get()).isLessThan(2000);
		// Past the 63 failures after which the old doubling overflowed.
		Await.until(() -> failedFetches() > 70, Duration.ofSeconds(20), "more than 70 fetches failed");
		// The issuer that is up is not affected.
		Http http = new Http(this.port);
		assertThat(http.get("/api/me", Tokens.sign(key, Tokens.claims(idp.issuer(), "retail-api", "bob").build()))
			.statusCode()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void healthNamesHostPortAndWhatFailedInsteadOfConnectExceptionNull() throws Exception {
		Http http = new Http(this.port);
		JsonNode health = new ObjectMapper().readTree(http.get("/actuator/health/jwks", null).body());
		String lastError = health.path("details").path("issuers").path(DOWN_ISSUER).path("lastError").asText();
		assertThat(lastError).contains("could not connect to http://127.0.0.1:" + downPort + "/jwks")
			.containsIgnoringCase("refused")
			.doesNotContain("null");
	}

	@Test
	@Order(3)
	void keysArriveWithinARetryOnceTheProviderAnswers() {
		lateIdp = new JwksServer(downPort);
		lateIdp.publish(downKey.toPublicJWK());
		long up = System.nanoTime();
		Http http = new Http(this.port);
		String token = Tokens.sign(downKey, Tokens.claims(DOWN_ISSUER, "retail-api", "alice").build());
		Await.until(() -> http.get("/api/me", token).statusCode() == 200, Duration.ofSeconds(10),
				"the down issuer's keys were fetched");
		assertThat(Duration.ofNanos(System.nanoTime() - up)).isLessThan(Duration.ofSeconds(3));
	}

}
