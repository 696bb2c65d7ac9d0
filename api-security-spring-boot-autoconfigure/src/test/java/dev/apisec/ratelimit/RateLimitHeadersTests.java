package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.List;

import dev.apisec.ratelimit.RateLimitProperties.Headers;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private final RateLimitPolicy catalog = new RateLimitPolicy("catalog", (request) -> true,
			(request, authentication) -> null,
			List.of(new RateLimitPolicy.Limit("catalog-burst", 20, Duration.ofSeconds(1)),
					new RateLimitPolicy.Limit("catalog", 100, Duration.ofMinutes(1))),
			1);

	private final RateLimitPolicy orders = new RateLimitPolicy("orders", (request) -> true,
			(request, authentication) -> null, List.of(new RateLimitPolicy.Limit("orders", 10, Duration.ofMinutes(1))),
			1);

	@Test
	void ietfHeadersListEveryLimitAndTheBindingStateOfEachPolicy() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new RateLimitHeaders(Headers.IETF).write(response, List.of(this.catalog, this.orders),
				List.of(new RateLimitDecision(true, new long[] { 19, 42 }, 0),
						new RateLimitDecision(true, new long[] { 7 }, 0)));
		assertThat(response.getHeader("RateLimit-Policy"))
			.isEqualTo("\"catalog-burst\";q=20;w=1, \"catalog\";q=100;w=60, \"orders\";q=10;w=60");
		assertThat(response.getHeader("RateLimit")).isEqualTo("\"catalog-burst\";r=19;t=1, \"orders\";r=7;t=18");
	}

	@Test
	void legacyHeadersDescribeTheTightestLimit() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new RateLimitHeaders(Headers.LEGACY).write(response, List.of(this.catalog, this.orders),
				List.of(new RateLimitDecision(true, new long[] { 19, 42 }, 0),
						new RateLimitDecision(false, new long[] { 0 }, 6_000_000_000L)));
		assertThat(response.getHeader("X-RateLimit-Limit")).isEqualTo("10");
		assertThat(response.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(response.getHeader("X-RateLimit-Reset")).isEqualTo("60");
		assertThat(response.getHeader("RateLimit")).isNull();
	}

	@Test
	void noHeadersWhenTurnedOff() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new RateLimitHeaders(Headers.NONE).write(response, List.of(this.orders),
				List.of(new RateLimitDecision(true, new long[] { 7 }, 0)));
		assertThat(response.getHeaderNames()).isEmpty();
	}

}
