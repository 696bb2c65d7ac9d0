package dev.apisec.client;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventType;
import dev.apisec.client.ClientCallException.Kind;
import dev.apisec.test.Await;
import dev.apisec.test.CapturedSecurityEvents;
import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Arrival;
import dev.apisec.test.DownstreamServer.Reply;
import dev.apisec.test.Http;
import dev.apisec.test.ResettingServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Outbound clients against a real downstream server that adds latency, hangs, answers 5xx
 * (with and without Retry-After), resets connections or is not there at all: timeouts,
 * retries with backoff and jitter, the circuit breaker's life cycle, the bulkhead,
 * service tokens, relayed tokens, redirects, the response size limit, and how the
 * application's own endpoints answer when a downstream fails.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(CapturedSecurityEvents.class)
class ClientHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"a-client-test-secret-of-at-least-32-bytes", "api");

	// Retry timing of the "retrying" client: waits of 100 ms then 200 ms, each +/- 50 %.
	static final long INITIAL_BACKOFF_MS = 100;

	static final double JITTER = 0.5;

	// Time an attempt adds to a wait on loopback.
	static final long ATTEMPT_MS = 250;

	// Latency bounds leave this much for a busy machine; they tell a bounded wait from a
	// hang.
	static final long SLACK_MS = 1000;

	static final DownstreamServer downstream = new DownstreamServer();

	static final ResettingServer resetting = new ResettingServer();

	static final AtomicInteger tokensIssued = new AtomicInteger();

	static {
		// A token endpoint that takes a moment, as real ones do, and counts what it
		// issues.
		downstream
			.on("/token",
					Reply.after(Duration.ofMillis(100),
							(exchange, server) -> Reply
								.json("{\"access_token\":\"service-token-" + tokensIssued.incrementAndGet()
										+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
								.respond(exchange, server)));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/call/**", "access=public");

		client(registry, "retrying", "read-timeout=300ms", "connect-timeout=300ms", "max-response-size=4KB",
				"circuit-breaker.enabled=false", "retry.max-attempts=3",
				"retry.initial-backoff=" + INITIAL_BACKOFF_MS + "ms", "retry.multiplier=2", "retry.jitter=" + JITTER,
				"retry.max-backoff=1s");
		client(registry, "breaker", "read-timeout=300ms", "retry.max-attempts=2", "retry.initial-backoff=10ms");
		TestProperties.add(registry, "resilience4j.circuitbreaker.instances.breaker", "sliding-window-type=COUNT_BASED",
				"sliding-window-size=4", "minimum-number-of-calls=4", "failure-rate-threshold=50",
				"wait-duration-in-open-state=500ms", "permitted-number-of-calls-in-half-open-state=2");
		client(registry, "defaults");
		client(registry, "hanging", "read-timeout=300ms", "connect-timeout=300ms", "retry.max-attempts=2",
				"retry.initial-backoff=50ms");
		client(registry, "narrow", "read-timeout=5s", "bulkhead.max-concurrent-calls=1", "retry.max-attempts=1",
				"circuit-breaker.enabled=false");
		client(registry, "service", "auth.type=client-credentials", "auth.registration-id=stub-idp",
				"retry.max-attempts=2", "retry.initial-backoff=10ms");
		client(registry, "relay", "auth.type=relay");
		client(registry, "burst", "auth.type=client-credentials", "auth.registration-id=stub-idp");

		TestProperties.add(registry, "spring.security.oauth2.client.registration.stub-idp", "client-id=orders-service",
				"client-secret=orders-secret", "authorization-grant-type=client_credentials");
		registry.add("spring.security.oauth2.client.provider.stub-idp.token-uri", () -> downstream.url() + "/token");
	}

	private static void client(DynamicPropertyRegistry registry, String name, String... settings) {
		registry.add("apisec.clients." + name + ".base-url", downstream::url);
		TestProperties.add(registry, "apisec.clients." + name, settings);
	}

	@AfterAll
	static void stopServers() {
		downstream.close();
		resetting.close();
	}

	private final Http http;

	@Autowired
	ApiSecClients clients;

	@Autowired
	@Qualifier("retrying")
	RestClient retrying;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	HealthContributorRegistry healthContributors;

	@Autowired
	ApplicationContext context;

	@Autowired
	CapturedSecurityEvents securityEvents;

	ClientHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	// Timeouts and bounded latency

	@Test
	void slowResponseWithinReadTimeoutSucceeds() {
		downstream.on("/slow-but-in-time", Reply.after(Duration.ofMillis(100), Reply.ok("late but fine")));
		assertThat(this.retrying.get().uri("/slow-but-in-time").retrieve().body(String.class))
			.isEqualTo("late but fine");
	}

	@Test
	void readTimeoutIsEnforcedOnEveryAttemptAndAnswers504() {
		downstream.on("/too-slow", Reply.after(Duration.ofSeconds(5), Reply.ok("too late")));
		long start = System.nanoTime();
		HttpResponse<String> response = callThroughApp("retrying", "/too-slow", null);
		long elapsed = millisSince(start);
		assertProblem(response, 504, "downstream-timeout");
		assertThat(response.body()).contains("The 'retrying' service did not answer in time.")
			.doesNotContain("127.0.0.1");
		assertThat(downstream.hits("/too-slow")).isEqualTo(3);
		// 3 read timeouts of 300 ms and waits of at most 150 + 300 ms.
		assertThat(elapsed).isBetween(900L, 3 * 300 + 450 + SLACK_MS);
	}

	@Test
	void appEndpointLatencyStaysBoundedWhileDownstreamHangs() throws Exception {
		downstream.on("/hang", Reply.hang());
		ExecutorService callers = Executors.newFixedThreadPool(20);
		try {
			List<CompletableFuture<long[]>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> {
					long start = System.nanoTime();
					HttpResponse<String> response = callThroughApp("hanging", "/hang", null);
					return new long[] { response.statusCode(), millisSince(start) };
				}, callers));
			}
			// 2 attempts of 300 ms and a wait of at most 75 ms; the downstream hangs for
			// a minute.
			long bound = 2 * 300 + 75 + 2 * SLACK_MS;
			for (CompletableFuture<long[]> call : calls) {
				long[] outcome = call.get();
				assertThat(outcome[0]).as("status").isIn(503L, 504L);
				assertThat(outcome[1]).as("latency in ms").isLessThan(bound);
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	// Retries

	@Test
	void idempotentCallIsRetriedOn503WithJitteredBackoffAndStopsAtMaxAttempts() {
		List<Long> firstWaits = new ArrayList<>();
		List<Long> secondWaits = new ArrayList<>();
		for (int run = 0; run < 3; run++) {
			String path = "/unavailable-" + run;
			downstream.on(path, Reply.status(503));
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> this.retrying.get().uri(path).retrieve().toBodilessEntity());
			assertThat(downstream.hits(path)).isEqualTo(3);
			List<Long> gaps = downstream.gapsMillis(path);
			firstWaits.add(gaps.get(0));
			secondWaits.add(gaps.get(1));
		}
		assertWaitsInBand(firstWaits, INITIAL_BACKOFF_MS);
		assertWaitsInBand(secondWaits, INITIAL_BACKOFF_MS * 2);
		assertThat(new HashSet<>(firstWaits)).as("jittered waits %s", firstWaits).hasSizeGreaterThan(1);
	}

	/**
	 * Every measured wait is at least the backoff less the jitter; a pause of the machine
	 * can only lengthen a wait, so the upper end of the band plus the time of an attempt
	 * is asserted for the shortest of the runs. ResilienceInterceptorTests checks the
	 * band itself over many samples.
	 */
	private static void assertWaitsInBand(List<Long> waits, long backoff) {
		assertThat(waits).as("waits after a backoff of %d ms", backoff)
			.allSatisfy((wait) -> assertThat(wait).isGreaterThanOrEqualTo((long) (backoff * (1 - JITTER))));
		assertThat(waits.stream().mapToLong(Long::longValue).min().orElseThrow())
			.isLessThanOrEqualTo((long) (backoff * (1 + JITTER)) + ATTEMPT_MS);
	}

	@Test
	void retriesStopAtFirstUsableResponse() {
		downstream.on("/recovering", Reply.status(502), Reply.status(504), Reply.ok("recovered"));
		assertThat(this.retrying.get().uri("/recovering").retrieve().body(String.class)).isEqualTo("recovered");
		assertThat(downstream.hits("/recovering")).isEqualTo(3);
	}

	@Test
	void internalServerErrorIsNotRetried() {
		downstream.on("/broken", Reply.status(500));
		assertThatExceptionOfType(HttpServerErrorException.InternalServerError.class)
			.isThrownBy(() -> this.retrying.get().uri("/broken").retrieve().toBodilessEntity());
		assertThat(downstream.hits("/broken")).isEqualTo(1);
	}

	@Test
	void retryAfterOfTheDownstreamIsHonoured() {
		downstream.on("/retry-after", Reply.status(503, "", "Retry-After", "1"), Reply.ok("after the pause"));
		assertThat(this.retrying.get().uri("/retry-after").retrieve().body(String.class)).isEqualTo("after the pause");
		assertThat(downstream.gapsMillis("/retry-after")).singleElement()
			.satisfies((wait) -> assertThat(wait).isBetween(1000L, 1000L + ATTEMPT_MS + SLACK_MS));
	}

	@Test
	void retryAfterLongerThanMaxBackoffEndsRetrying() {
		downstream.on("/retry-much-later", Reply.status(503, "", "Retry-After", "120"));
		assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
			.isThrownBy(() -> this.retrying.get().uri("/retry-much-later").retrieve().toBodilessEntity());
		assertThat(downstream.hits("/retry-much-later")).isEqualTo(1);
	}

	@Test
	void postIsNotRetried() {
		downstream.on("/orders", Reply.status(503), Reply.ok("created"));
		assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
			.isThrownBy(() -> this.retrying.post().uri("/orders").body("{}").retrieve().toBodilessEntity());
		assertThat(downstream.hits("/orders")).isEqualTo(1);
	}

	@Test
	void postThatTimesOutIsNotRetriedAndFailsAsTimeout() {
		downstream.on("/slow-orders", Reply.after(Duration.ofSeconds(5), Reply.ok("too late")));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.post().uri("/slow-orders").body("{}").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.TIMEOUT));
		assertThat(downstream.hits("/slow-orders")).isEqualTo(1);
	}

	@Test
	void postIsRetriedWhenTheRequestOptsIn() {
		downstream.on("/payments", Reply.status(503), Reply.ok("paid"));
		String body = this.retrying.post()
			.uri("/payments")
			.attribute(ApiSecClients.RETRY_NON_IDEMPOTENT, true)
			.body("{\"amount\":1}")
			.retrieve()
			.body(String.class);
		assertThat(body).isEqualTo("paid");
		assertThat(downstream.arrivals("/payments")).hasSize(2)
			.allSatisfy((arrival) -> assertThat(arrival.body()).isEqualTo("{\"amount\":1}"));
	}

	@Test
	void resetConnectionsAreRetriedThenAnswer502() {
		int before = resetting.connections();
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri(resetting.url() + "/reset").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
		// 3 attempts. The JDK's HttpURLConnection itself sends an idempotent request once
		// more when its connection closes before the first response byte (its handling of
		// stale keep-alive connections), so the server may see two connections per
		// attempt.
		assertThat(resetting.connections() - before).isBetween(3, 6);
		assertProblem(callThroughApp("retrying", resetting.url() + "/reset", null), 502, "downstream-io-error");
	}

	@Test
	void resetPostIsNotRetried() {
		int before = resetting.connections();
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(
					() -> this.retrying.post().uri(resetting.url() + "/reset").body("{}").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
		assertThat(resetting.connections() - before).isEqualTo(1);
	}

	@Test
	void refusedConnectionsAreRetriedThenAnswer503WithRetryAfter() {
		String refused = "http://127.0.0.1:" + ResettingServer.closedPort() + "/refused";
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri(refused).retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.UNAVAILABLE));
		HttpResponse<String> response = callThroughApp("retrying", refused, null);
		assertProblem(response, 503, "downstream-unavailable");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
	}

	// Redirects and response size

	@Test
	void redirectsAreNotFollowed() {
		downstream.on("/moved", Reply.status(302, "", "Location", downstream.url() + "/moved-here"));
		downstream.on("/moved-here", Reply.ok("followed"));
		ResponseEntity<String> response = this.retrying.get().uri("/moved").retrieve().toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(302);
		assertThat(downstream.hits("/moved-here")).isZero();
	}

	@Test
	void responseLargerThanMaxSizeWithContentLengthFailsAndAnswers502() {
		downstream.on("/large", Reply.large(8 * 1024, false));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri("/large").retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
		assertThat(downstream.hits("/large")).isEqualTo(1);
		assertProblem(callThroughApp("retrying", "/large", null), 502, "downstream-io-error");
	}

	@Test
	void chunkedResponseLargerThanMaxSizeFailsAndAnswers502() {
		downstream.on("/large-chunked", Reply.large(8 * 1024, true));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri("/large-chunked").retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri("/large-chunked").retrieve().body(Map.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
		assertProblem(callThroughApp("retrying", "/large-chunked", null), 502, "downstream-io-error");
	}

	@Test
	void responseOfARetriedAttemptIsSizeLimitedToo() {
		downstream.on("/large-after-retry", Reply.status(503), Reply.large(8 * 1024, false));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.retrying.get().uri("/large-after-retry").retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR));
	}

	// Circuit breaker and bulkhead

	@Test
	void resilience4jInstanceConfigurationOverridesApisecDefaults() {
		CircuitBreakerConfig config = breaker("breaker").getCircuitBreakerConfig();
		assertThat(config.getSlidingWindowSize()).isEqualTo(4);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(4);
		assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
	}

	@Test
	void apisecCircuitBreakerDefaultsApplyWithoutResilience4jInstance() {
		CircuitBreakerConfig config = breaker("defaults").getCircuitBreakerConfig();
		assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
		assertThat(config.getSlidingWindowSize()).isEqualTo(20);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
		assertThat(config.getFailureRateThreshold()).isEqualTo(50);
		assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
		assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
	}

	@Test
	void retriedCallCountsOnceInTheCircuitBreaker() {
		CircuitBreaker breaker = breaker("breaker");
		breaker.reset();
		downstream.on("/cb-unavailable", Reply.status(503));
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> client("breaker").get().uri("/cb-unavailable").retrieve().toBodilessEntity());
		assertThat(downstream.hits("/cb-unavailable")).isEqualTo(2);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void circuitOpensAtThresholdAndRecoversThroughHalfOpen() {
		CircuitBreaker breaker = breaker("breaker");
		breaker.reset();
		this.securityEvents.clear();
		RestClient client = client("breaker");
		downstream.on("/cb-failing", Reply.status(500));
		downstream.on("/cb-healthy", Reply.ok("healthy"));
		client.get().uri("/cb-healthy").retrieve().toBodilessEntity();
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client.get().uri("/cb-failing").retrieve().toBodilessEntity());
		}
		// 2 failures of 3 calls, but fewer than the minimum of 4 calls.
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> client.get().uri("/cb-failing").retrieve().toBodilessEntity());
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(circuitHealth("breaker")).containsEntry("state", "OPEN");
		assertThat(this.securityEvents.ofType(SecurityEventType.CIRCUIT_OPENED))
			.extracting(SecurityEvent::principal, SecurityEvent::client)
			.containsExactly(tuple("breaker", "breaker"));

		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> client.get().uri("/cb-failing").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.CIRCUIT_OPEN));
		assertThat(downstream.hits("/cb-failing")).isEqualTo(3);

		// After 500 ms open, the next call is a half-open trial.
		Await.until(() -> succeeds(client, "/cb-healthy"), Duration.ofSeconds(5), "a half-open trial call");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(succeeds(client, "/cb-healthy")).isTrue();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(circuitHealth("breaker")).containsEntry("state", "CLOSED");
	}

	@Test
	void openCircuitAnswers503ProblemWithRetryAfterWithoutCallingDownstream() {
		CircuitBreaker breaker = breaker("breaker");
		breaker.reset();
		downstream.on("/cb-open", Reply.ok("not called"));
		// Forced open, so that a slow machine cannot turn the call into a half-open
		// trial.
		breaker.transitionToForcedOpenState();
		try {
			HttpResponse<String> response = callThroughApp("breaker", "/cb-open", null);
			assertProblem(response, 503, "downstream-circuit-open");
			assertThat(response.body()).contains("The 'breaker' service is unavailable (circuit open).");
			assertThat(response.headers().firstValue("Retry-After"))
				.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isPositive());
			assertThat(downstream.hits("/cb-open")).isZero();
			Health health = clientsHealth();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
		}
		finally {
			breaker.reset();
		}
	}

	@Test
	void clientErrorsReachTheCallerAndDoNotCountAsFailures() {
		CircuitBreaker breaker = breaker("defaults");
		breaker.reset();
		downstream.on("/missing",
				Reply.status(404, "{\"detail\":\"no such order\"}", "Content-Type", "application/problem+json"));
		for (int i = 0; i < 12; i++) {
			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client("defaults").get().uri("/missing").retrieve().toBodilessEntity());
		}
		assertThat(downstream.hits("/missing")).isEqualTo(12);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(12);
	}

	@Test
	void fullBulkheadAnswers503WithoutCallingDownstream() {
		CountDownLatch release = new CountDownLatch(1);
		downstream.on("/busy", Reply.awaiting(release, Reply.ok("done")));
		CompletableFuture<String> first = CompletableFuture
			.supplyAsync(() -> client("narrow").get().uri("/busy").retrieve().body(String.class));
		try {
			Await.until(() -> downstream.hits("/busy") == 1, Duration.ofSeconds(5), "the first call is in flight");
			HttpResponse<String> response = callThroughApp("narrow", "/busy", null);
			assertProblem(response, 503, "downstream-bulkhead-full");
			assertThat(response.body()).contains("The 'narrow' service is busy.");
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(downstream.hits("/busy")).isEqualTo(1);
		}
		finally {
			release.countDown();
		}
		assertThat(first.join()).isEqualTo("done");
	}

	// Service tokens and relay

	@Test
	void serviceTokenIsFetchedOnceForManyCalls() {
		downstream.on("/inventory", Reply.echoAuthorization());
		String first = client("service").get().uri("/inventory").retrieve().body(String.class);
		int issued = tokensIssued.get();
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			sent.add(client("service").get().uri("/inventory").retrieve().body(String.class));
		}
		assertThat(tokensIssued.get()).isEqualTo(issued);
		assertThat(first).startsWith("Bearer service-token-");
		assertThat(sent).containsOnly(first);
		Arrival tokenRequest = downstream.arrivals("/token").get(0);
		assertThat(tokenRequest.method()).isEqualTo("POST");
		assertThat(tokenRequest.body()).contains("grant_type=client_credentials");
		assertThat(tokenRequest.authorization()).isEqualTo("Basic "
				+ Base64.getEncoder().encodeToString("orders-service:orders-secret".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void serviceTokenIsFetchedOnceWhenManyCallsStartTogether() throws Exception {
		downstream.on("/burst", Reply.echoAuthorization());
		int issued = tokensIssued.get();
		ExecutorService callers = Executors.newFixedThreadPool(10);
		try {
			List<CompletableFuture<String>> calls = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				calls.add(CompletableFuture
					.supplyAsync(() -> client("burst").get().uri("/burst").retrieve().body(String.class), callers));
			}
			for (CompletableFuture<String> call : calls) {
				assertThat(call.get()).startsWith("Bearer service-token-");
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(tokensIssued.get()).isEqualTo(issued + 1);
	}

	@Test
	void serviceTokenIsRefreshedOnceAfterA401() {
		downstream.on("/stock", Reply.echoAuthorization());
		String rejected = client("service").get().uri("/stock").retrieve().body(String.class);
		int issued = tokensIssued.get();
		downstream.on("/stock", Reply.status(401), Reply.echoAuthorization());
		String sent = client("service").get().uri("/stock").retrieve().body(String.class);
		assertThat(tokensIssued.get()).isEqualTo(issued + 1);
		assertThat(sent).isEqualTo("Bearer service-token-" + (issued + 1));
		List<Arrival> arrivals = downstream.arrivals("/stock");
		assertThat(arrivals.get(arrivals.size() - 2).authorization()).isEqualTo(rejected);
	}

	@Test
	void serviceTokenIsRefreshedAfterA401OfARetriedAttempt() {
		downstream.on("/prices", Reply.echoAuthorization());
		client("service").get().uri("/prices").retrieve().body(String.class);
		int issued = tokensIssued.get();
		downstream.on("/prices", Reply.status(503), Reply.status(401), Reply.echoAuthorization());
		String sent = client("service").get().uri("/prices").retrieve().body(String.class);
		assertThat(sent).isEqualTo("Bearer service-token-" + (issued + 1));
	}

	@Test
	void serviceTokenIsRefreshedAfterA401OfAPost() {
		downstream.on("/reservations", Reply.echoAuthorization());
		client("service").post().uri("/reservations").body("{}").retrieve().body(String.class);
		int issued = tokensIssued.get();
		downstream.on("/reservations", Reply.status(401), Reply.echoAuthorization());
		String sent = client("service").post().uri("/reservations").body("{}").retrieve().body(String.class);
		assertThat(sent).isEqualTo("Bearer service-token-" + (issued + 1));
	}

	@Test
	void relayForwardsTheCallersBearerToken() {
		downstream.on("/relayed", Reply.echoAuthorization());
		String token = tokens.sign(tokens.claims("alice").build());
		HttpResponse<String> response = callThroughApp("relay", "/relayed", token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Bearer " + token);
		assertThat(callThroughApp("relay", "/relayed", null).body()).isEqualTo("none");
	}

	// Beans, @HttpExchange, metrics

	@Test
	void restClientBeansAreNamedAndQualifiedByClientName() {
		assertThat(this.context.getBean("retryingRestClient")).isSameAs(this.retrying)
			.isSameAs(this.clients.get("retrying"));
		assertThat(this.clients.names()).containsExactlyInAnyOrder("retrying", "breaker", "defaults", "hanging",
				"narrow", "service", "relay", "burst");
		assertThat(this.clients.circuitBreakers()).doesNotContainKeys("retrying", "narrow");
	}

	@Test
	void httpExchangeInterfaceIsBackedByTheClient() {
		downstream.on("/items/42", Reply.ok("item 42"));
		Items items = this.clients.httpExchange("retrying", Items.class);
		assertThat(items.item("42")).isEqualTo("item 42");
	}

	@Test
	void callsAreTimedByClientAndOutcome() {
		downstream.on("/timed", Reply.ok("ok"));
		downstream.on("/timed-missing", Reply.status(404));
		downstream.on("/timed-broken", Reply.status(500));
		RestClient client = client("defaults");
		client.get().uri("/timed").retrieve().toBodilessEntity();
		assertThatExceptionOfType(HttpClientErrorException.class)
			.isThrownBy(() -> client.get().uri("/timed-missing").retrieve().toBodilessEntity());
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> client.get().uri("/timed-broken").retrieve().toBodilessEntity());
		for (String outcome : List.of("success", "client_error", "server_error")) {
			Timer timer = this.meterRegistry.find("apisec.client.requests")
				.tags("client", "defaults", "outcome", outcome)
				.timer();
			assertThat(timer).as(outcome).isNotNull();
			assertThat(timer.count()).as(outcome).isPositive();
		}
	}

	@Test
	void healthShowsTheStateOfEveryCircuit() {
		Health health = clientsHealth();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsKeys("breaker", "defaults", "hanging", "service", "relay", "burst")
			.doesNotContainKeys("retrying", "narrow");
		assertThat(circuitHealth("defaults")).containsKeys("state", "failureRate", "bufferedCalls",
				"notPermittedCalls");
	}

	interface Items {

		@GetExchange("/items/{id}")
		String item(@PathVariable String id);

	}

	private RestClient client(String name) {
		return this.clients.get(name);
	}

	private CircuitBreaker breaker(String name) {
		return this.clients.circuitBreakers().get(name);
	}

	private Health clientsHealth() {
		return ((HealthIndicator) this.healthContributors.getContributor("apisecClients")).health();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> circuitHealth(String client) {
		return (Map<String, Object>) clientsHealth().getDetails().get(client);
	}

	private static boolean succeeds(RestClient client, String path) {
		try {
			client.get().uri(path).retrieve().toBodilessEntity();
			return true;
		}
		catch (ClientCallException ex) {
			return false;
		}
	}

	private HttpResponse<String> callThroughApp(String client, String path, String token) {
		return this.http.get("/api/call/" + client + "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), token);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:" + type);
	}

	private static long millisSince(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

}
