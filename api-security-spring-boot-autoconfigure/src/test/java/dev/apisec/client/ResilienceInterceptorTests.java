package dev.apisec.client;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import dev.apisec.client.ClientCallException.Kind;
import dev.apisec.test.Await;
import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Reply;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the backoff and Retry-After arithmetic of {@link ResilienceInterceptor} and
 * for its circuit-breaker permissions on the unusual ways out of a call (a real breaker,
 * a real downstream); its behaviour through an application is in {@link ClientHttpTests}.
 */
class ResilienceInterceptorTests {

	private static final int SAMPLES = 2000;

	static final DownstreamServer downstream = new DownstreamServer();

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@Test
	void runtimeExceptionDuringACallSettlesTheHalfOpenTrialInsteadOfWedgingTheCircuit() {
		CircuitBreaker breaker = halfOpenWithOneTrial();
		ClientHttpRequestInterceptor broken = (request, body, execution) -> {
			throw new IllegalStateException("an interceptor failed");
		};
		RestClient client = client(breaker, retry(10, 1, 0, Duration.ofSeconds(1)), broken);
		downstream.on("/broken", Reply.ok("never reached"));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> client.get().uri("/broken").retrieve().body(String.class));
		// The trial counted as a failure: the circuit opened again instead of staying
		// half-open with its only trial taken forever.
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void interruptDuringARetryWaitHandsTheHalfOpenTrialBack() {
		CircuitBreaker breaker = halfOpenWithOneTrial();
		// A wait of a minute before the retry: only the interrupt can end it.
		RestClient client = client(breaker, retry(60_000, 1, 0, Duration.ofMinutes(1)));
		downstream.on("/flaky", Reply.status(503), Reply.ok("recovered"));
		CompletableFuture<String> call = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				call.complete(client.get().uri("/flaky").retrieve().body(String.class));
			}
			catch (Throwable ex) {
				call.completeExceptionally(ex);
			}
		}, "interrupted-caller");
		caller.start();
		Await.until(() -> downstream.hits("/flaky") == 1, Duration.ofSeconds(10), "the first attempt was answered");
		caller.interrupt();
		Throwable failure = catchThrowable(call::join);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		// The trial is available again: the next call is let through, succeeds and closes
		// the circuit.
		assertThat(client.get().uri("/flaky").retrieve().body(String.class)).isEqualTo("recovered");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(downstream.hits("/flaky")).isEqualTo(2);
		// The interrupted call itself failed as an I/O error of the client.
		assertThat(failure).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(ClientCallException.class, (ex) -> {
				assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR);
				assertThat(ex.getCause()).isInstanceOf(InterruptedIOException.class);
			});
	}

	private static CircuitBreaker halfOpenWithOneTrial() {
		CircuitBreaker breaker = CircuitBreaker.of("trial",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(1)
					.minimumNumberOfCalls(1)
					.permittedNumberOfCallsInHalfOpenState(1)
					.waitDurationInOpenState(Duration.ofMinutes(10))
					.build());
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		return breaker;
	}

	private static RestClient client(CircuitBreaker breaker, ClientProperties.Retry retry,
			ClientHttpRequestInterceptor... perAttempt) {
		retry.setMaxAttempts(2);
		return RestClient.builder()
			.baseUrl(downstream.url())
			.requestFactory(ClientHttpRequestFactoryBuilder.simple().build())
			.requestInterceptor(new ResilienceInterceptor("trial", Bulkhead.ofDefaults("trial"), breaker, retry,
					ClientMetrics.NONE, List.of(perAttempt)))
			.build();
	}

	@Test
	void backoffIsSpreadOverTheWholeJitterBand() {
		ResilienceInterceptor interceptor = interceptor(retry(100, 2, 0.5, Duration.ofSeconds(10)));
		LongSummaryStatistics first = sample(interceptor, 1);
		assertThat(first.getMin()).isBetween(50L, 60L);
		assertThat(first.getMax()).isBetween(140L, 150L);
		assertThat(first.getAverage()).isCloseTo(100, within(5.0));
	}

	@Test
	void backoffGrowsByTheMultiplierWithEachRetry() {
		ResilienceInterceptor interceptor = interceptor(retry(100, 2, 0.5, Duration.ofSeconds(10)));
		LongSummaryStatistics second = sample(interceptor, 2);
		assertThat(second.getMin()).isBetween(100L, 120L);
		assertThat(second.getMax()).isBetween(280L, 300L);
		LongSummaryStatistics third = sample(interceptor, 3);
		assertThat(third.getMin()).isBetween(200L, 240L);
		assertThat(third.getMax()).isBetween(560L, 600L);
	}

	@Test
	void backoffIsCappedAtMaxBackoff() {
		ResilienceInterceptor interceptor = interceptor(retry(100, 2, 0.5, Duration.ofMillis(250)));
		assertThat(sample(interceptor, 5).getMax()).isEqualTo(250);
		assertThat(sample(interceptor, 5).getMin()).isEqualTo(250);
	}

	@Test
	void backoffWithoutJitterIsExact() {
		ResilienceInterceptor interceptor = interceptor(retry(100, 3, 0, Duration.ofSeconds(10)));
		assertThat(IntStream.range(0, 100).mapToObj((i) -> interceptor.backoff(2)).distinct().toList())
			.containsExactly(Duration.ofMillis(300));
	}

	@Test
	void retryAfterInSecondsIsRead() {
		assertThat(ResilienceInterceptor.retryAfter(response("7"))).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void retryAfterAsHttpDateIsRead() {
		String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
		assertThat(ResilienceInterceptor.retryAfter(response(inAMinute))).isBetween(Duration.ofSeconds(55),
				Duration.ofSeconds(60));
	}

	@Test
	void retryAfterInThePastMeansNow() {
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
		assertThat(ResilienceInterceptor.retryAfter(response(past))).isZero();
	}

	@Test
	void missingOrUnreadableRetryAfterIsIgnored() {
		assertThat(ResilienceInterceptor.retryAfter(response(null))).isNull();
		assertThat(ResilienceInterceptor.retryAfter(response("soon"))).isNull();
	}

	private static LongSummaryStatistics sample(ResilienceInterceptor interceptor, int attempt) {
		return IntStream.range(0, SAMPLES)
			.mapToLong((i) -> interceptor.backoff(attempt).toMillis())
			.summaryStatistics();
	}

	private static ResilienceInterceptor interceptor(ClientProperties.Retry retry) {
		return new ResilienceInterceptor("test", Bulkhead.ofDefaults("test"), null, retry, ClientMetrics.NONE,
				List.of());
	}

	private static ClientProperties.Retry retry(long initialMillis, double multiplier, double jitter, Duration max) {
		ClientProperties.Retry retry = new ClientProperties.Retry();
		retry.setInitialBackoff(Duration.ofMillis(initialMillis));
		retry.setMultiplier(multiplier);
		retry.setJitter(jitter);
		retry.setMaxBackoff(max);
		return retry;
	}

	private static MockClientHttpResponse response(String retryAfter) {
		MockClientHttpResponse response = new MockClientHttpResponse(new byte[0], HttpStatus.SERVICE_UNAVAILABLE);
		if (retryAfter != null) {
			response.getHeaders().set("Retry-After", retryAfter);
		}
		return response;
	}

}
