package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.ratelimit.RateLimitProperties.Headers;
import dev.apisec.ratelimit.RateLimitProperties.OnBackendFailure;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code on-backend-failure: local} through the filter, with a backend that can be taken
 * down and a clock the tests move: the switch to local buckets and back, one probe of the
 * backend per second while local, and local buckets at a share of the limits that refill
 * by the clock.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalRateLimitFallbackTests {

	private static final String TO_LOCAL = "limiting with this instance's own buckets";

	private static final String TO_BACKEND = "decides again; back to its shared buckets";

	private final ManualClock clock = new ManualClock();

	private final FailingBackend backend = new FailingBackend();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	// 10 a minute; local buckets at half: 5, one token back every 12 s.
	private final RateLimitPolicies policies = policies(10, Duration.ofMinutes(1));

	private final RateLimitFilter filter = filter(0.5);

	@Test
	void firstFailureSwitchesToLocalBucketsLoggedAndCountedOnce(CapturedOutput output) throws Exception {
		assertThat(status("alice")).isEqualTo(200);
		this.backend.down = true;
		for (int i = 0; i < 5; i++) {
			assertThat(status("alice")).isEqualTo(200);
		}
		assertThat(status("alice")).isEqualTo(429);
		assertThat(this.filter.localFallback().isLocal()).isTrue();
		assertThat(this.filter.localFallback().getSwitchesToLocal()).isOne();
		assertThat(occurrences(output.toString(), TO_LOCAL)).isOne();
		assertThat(output.toString()).contains("Rate-limit backend 'failing' failed (RateLimitBackendException: down)")
			.contains("at 50 % of the limits");
		assertThat(this.registry.get("apisec.ratelimit.backend.switches").tag("to", "local").counter().count())
			.isEqualTo(1);
		// Only the first request of the outage went to the backend: the others waited for
		// a probe.
		assertThat(this.backend.calls.get()).isEqualTo(2);
		assertThat(this.filter.getBackendFailures()).isOne();
	}

	@Test
	void whileLocalOneRequestPerSecondProbesTheBackend() throws Exception {
		this.backend.down = true;
		status("alice");
		assertThat(this.backend.calls.get()).isOne();
		this.clock.advance(Duration.ofMillis(999));
		status("bob");
		status("carol");
		assertThat(this.backend.calls.get()).isOne();
		this.clock.advance(Duration.ofMillis(1));
		status("bob");
		status("carol");
		status("dave");
		assertThat(this.backend.calls.get()).isEqualTo(2);
		assertThat(this.filter.localFallback().isLocal()).isTrue();
		assertThat(this.filter.localFallback().getSwitchesToLocal()).isOne();
	}

	@Test
	void probeTheBackendDecidesSwitchesBackLoggedAndCountedOnce(CapturedOutput output) throws Exception {
		this.backend.down = true;
		status("alice");
		this.backend.down = false;
		// Back up, but nobody asks it before the probe is due.
		status("alice");
		assertThat(this.filter.localFallback().isLocal()).isTrue();
		this.clock.advance(Duration.ofSeconds(3));
		for (int i = 0; i < 10; i++) {
			status("bob");
		}
		assertThat(this.filter.localFallback().isLocal()).isFalse();
		assertThat(occurrences(output.toString(), TO_BACKEND)).isOne();
		assertThat(output.toString()).contains("after 3 s on local buckets");
		assertThat(this.registry.get("apisec.ratelimit.backend.switches").tag("to", "failing").counter().count())
			.isEqualTo(1);
		// bob's 10 decisions were the backend's: its full limit, not the local half.
		assertThat(status("bob")).isEqualTo(429);
		assertThat(this.backend.calls.get()).isEqualTo(12);
	}

	@Test
	void localBucketsRefillByTheClock() throws Exception {
		this.backend.down = true;
		for (int i = 0; i < 5; i++) {
			assertThat(status("alice")).isEqualTo(200);
		}
		MockHttpServletResponse refused = response("alice");
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("12");
		// The probe that this request makes fails too: the local bucket decides.
		this.clock.advance(Duration.ofSeconds(12));
		assertThat(status("alice")).isEqualTo(200);
		assertThat(status("alice")).isEqualTo(429);
	}

	@Test
	void shareNeverTakesALimitBelowTheCostOfOneRequest() throws Exception {
		RateLimitFilter tiny = new RateLimitFilter(policies(2, Duration.ofMinutes(1)), this.backend,
				new ClientAddressResolver(List.of()), new RateLimitHeaders(Headers.IETF), OnBackendFailure.LOCAL,
				RateLimitMetrics.NONE, new ProblemResponseWriter(), SecurityEvents.NONE, SecurityObservations.NONE,
				new LocalRateLimitFallback("failing", policies(2, Duration.ofMinutes(1)), 0.1, 100,
						RateLimitMetrics.NONE, this.clock));
		this.backend.down = true;
		assertThat(response(tiny, "alice").getStatus()).isEqualTo(200);
		assertThat(response(tiny, "alice").getStatus()).isEqualTo(429);
	}

	@Test
	void publicConstructorRefusesLocalModeWhoseShareItCannotTake() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitFilter(this.policies, this.backend, new ClientAddressResolver(List.of()),
					new RateLimitHeaders(Headers.IETF), OnBackendFailure.LOCAL, RateLimitMetrics.NONE,
					new ProblemResponseWriter(), SecurityEvents.NONE, SecurityObservations.NONE))
			.withMessageContaining("apisec.rate-limit.local-fallback.share");
		assertThat(new RateLimitFilter(this.policies, this.backend, new ClientAddressResolver(List.of()),
				new RateLimitHeaders(Headers.IETF), OnBackendFailure.ALLOW, RateLimitMetrics.NONE,
				new ProblemResponseWriter(), SecurityEvents.NONE, SecurityObservations.NONE)
			.localFallback()).isNull();
	}

	private RateLimitFilter filter(double share) {
		RateLimitMetrics metrics = new MicrometerRateLimitMetrics(this.registry, this.policies, this.backend.name());
		return new RateLimitFilter(this.policies, this.backend, new ClientAddressResolver(List.of()),
				new RateLimitHeaders(Headers.IETF), OnBackendFailure.LOCAL, metrics, new ProblemResponseWriter(),
				SecurityEvents.NONE, SecurityObservations.NONE,
				new LocalRateLimitFallback(this.backend.name(), this.policies, share, 100, metrics, this.clock));
	}

	private static RateLimitPolicies policies(long capacity, Duration period) {
		RateLimitProperties properties = new RateLimitProperties();
		RateLimitProperties.Policy policy = new RateLimitProperties.Policy();
		policy.setName("api");
		policy.setPaths(List.of("/api/**"));
		policy.setKey("header:X-Client");
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit();
		limit.setCapacity(capacity);
		limit.setPeriod(period);
		policy.setLimits(List.of(limit));
		properties.setPolicies(List.of(policy));
		return RateLimitPolicies.from(properties);
	}

	private int status(String client) throws Exception {
		return response(client).getStatus();
	}

	private MockHttpServletResponse response(String client) throws Exception {
		return response(this.filter, client);
	}

	private static MockHttpServletResponse response(RateLimitFilter filter, String client) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
		request.setRemoteAddr("192.0.2.1");
		request.addHeader("X-Client", client);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	/**
	 * Memory buckets that fail while down, as an unreachable Redis does.
	 */
	private static final class FailingBackend implements RateLimitBackend {

		private final MemoryRateLimitBackend buckets = new MemoryRateLimitBackend(100, Duration.ofHours(1));

		private final AtomicInteger calls = new AtomicInteger();

		private volatile boolean down;

		@Override
		public RateLimitDecision tryConsume(RateLimitPolicy policy, String key) {
			this.calls.incrementAndGet();
			if (this.down) {
				throw new RateLimitBackendException("down");
			}
			return this.buckets.tryConsume(policy, key);
		}

		@Override
		public String name() {
			return "failing";
		}

	}

	/**
	 * A clock that only moves when told.
	 */
	private static final class ManualClock implements TimeMeter {

		private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
