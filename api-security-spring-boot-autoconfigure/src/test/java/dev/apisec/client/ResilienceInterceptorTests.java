package dev.apisec.client;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import io.github.resilience4j.bulkhead.Bulkhead;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the backoff and Retry-After arithmetic of {@link ResilienceInterceptor}; its
 * behaviour over HTTP is in {@link ClientHttpTests}.
 */
class ResilienceInterceptorTests {

	private static final int SAMPLES = 2000;

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
		return IntStream.range(0, SAMPLES).mapToLong((i) -> interceptor.backoff(attempt).toMillis()).summaryStatistics();
	}

	private static ResilienceInterceptor interceptor(ClientProperties.Retry retry) {
		return new ResilienceInterceptor("test", Bulkhead.ofDefaults("test"), null, retry, ClientMetrics.NONE,
				List.of());
	}

	private static ClientProperties.Retry retry(long initialMillis, double multiplier, double jitter,
			Duration max) {
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
