package dev.apisec.jwt;

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
import dev.apisec.test.ReservedPort;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second issuer whose JWK Set URI refuses connections from startup on, with retries
 * every 100 ms (the shortest min-refetch-interval): far more failed fetches than the
 * doubling backoff used to survive (it overflowed after 63, leaving requests hanging or
 * answered 500, and the refresh dead). Six threads send its tokens; every answer is a
 * prompt 503, the first issuer keeps working, and keys arrive at once when the provider
 * finally answers.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(OrderAnnotation.class)
class JwksOutageHttpTests {

	static final String DOWN_ISSUER = "https://down.example";

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("up-1", "retail-api");

	static final RSAKey downKey = Tokens.rsaKey("down-1");

	// Held without listening, so connections are refused, until the late provider binds
	// it.
	static final ReservedPort downPort = new ReservedPort();

	// Connect timeout plus read timeout, as configured below.
	static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);

	// Retries come every min-refetch-interval here.
	static final Duration RETRY = Duration.ofMillis(100);

	// What a loaded CI machine may add to any wait; far below the hang the test catches.
	static final Duration MARGIN = Duration.ofSeconds(4);

	static JwksServer lateIdp;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.jwt.issuers[1]", "issuer-uri=" + DOWN_ISSUER,
				"jwk-set-uri=http://127.0.0.1:" + downPort.port() + "/jwks", "audiences[0]=retail-api");
		registry.add("apisec.jwt.jwks.min-refetch-interval", () -> RETRY.toMillis() + "ms");
		registry.add("apisec.jwt.jwks.refresh-interval", () -> "1s");
		registry.add("apisec.jwt.jwks.connect-timeout", () -> "500ms");
		registry.add("apisec.jwt.jwks.read-timeout", () -> "500ms");
		registry.add("management.endpoint.health.show-details", () -> "always");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
	}

	@AfterAll
	static void stopServers() {
		if (lateIdp != null) {
			lateIdp.close();
		}
		downPort.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

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
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
					HttpRequest request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/me"))
						.timeout(Duration.ofSeconds(10))
						.header("Authorization", "Bearer " + token)
						.build();
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
						statuses.computeIfAbsent(response.statusCode(), (code) -> new AtomicInteger())
							.incrementAndGet();
						if (!response.body().contains("urn:apisec:problem:keys-unavailable")
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
		// No request waits longer than one fetch timeout (plus what a busy machine adds).
		assertThat(Duration.ofMillis(slowestMillis.get())).isLessThan(FETCH_TIMEOUT.plus(MARGIN));
		// Past the 63 failures after which the old doubling overflowed.
		Await.until(() -> failedFetches() > 70, Duration.ofSeconds(40), "more than 70 fetches failed");
		// The issuer that is up is not affected.
		Http http = new Http(this.port);
		assertThat(http.get("/api/me", idp.sign(idp.claims("bob").build())).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void healthNamesHostPortAndWhatFailedInsteadOfConnectExceptionNull() throws Exception {
		Http http = new Http(this.port);
		JsonNode health = new ObjectMapper().readTree(http.get("/actuator/health/jwks", null).body());
		String lastError = health.path("details").path("issuers").path(DOWN_ISSUER).path("lastError").asText();
		assertThat(lastError).contains("could not connect to http://127.0.0.1:" + downPort.port() + "/jwks")
			.containsIgnoringCase("refused")
			.doesNotContain("null");
	}

	@Test
	@Order(3)
	void keysArriveWithinARetryOnceTheProviderAnswers() {
		// Bound while the port is still held: no moment in which another process could
		// take it.
		lateIdp = new JwksServer(downPort.port());
		lateIdp.publish(downKey.toPublicJWK());
		long up = System.nanoTime();
		Http http = new Http(this.port);
		String token = Tokens.sign(downKey, Tokens.claims(DOWN_ISSUER, "retail-api", "alice").build());
		Await.until(() -> http.get("/api/me", token).statusCode() == 200, Duration.ofSeconds(10),
				"the down issuer's keys were fetched");
		// Within a retry and a fetch, not a refresh interval or min-refetch-interval of
		// the past.
		assertThat(Duration.ofNanos(System.nanoTime() - up)).isLessThan(RETRY.plus(FETCH_TIMEOUT).plus(MARGIN));
	}

}
