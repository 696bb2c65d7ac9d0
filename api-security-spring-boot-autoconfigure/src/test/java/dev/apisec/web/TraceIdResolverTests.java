package dev.apisec.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceIdResolver} where no span is current.
 */
class TraceIdResolverTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final TraceIdResolver resolver = new TraceIdResolver();

	@Test
	void validTraceparentGivesItsTraceId() {
		assertThat(TraceIdResolver.incomingTraceId("00-" + TRACE_ID + "-00f067aa0ba902b7-01")).isEqualTo(TRACE_ID);
		assertThat(TraceIdResolver.incomingTraceId("00-" + TRACE_ID + "-00f067aa0ba902b7-00")).isEqualTo(TRACE_ID);
		// A later version may append fields.
		assertThat(TraceIdResolver.incomingTraceId("01-" + TRACE_ID + "-00f067aa0ba902b7-01-future"))
			.isEqualTo(TRACE_ID);
	}

	@Test
	void malformedTraceparentIsIgnored() {
		String[] malformed = { null, "", "garbage", "00-" + TRACE_ID + "-00f067aa0ba902b7", // no
																							// flags
				"00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01", // upper case
				"00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace
																			// id
				"00-" + TRACE_ID + "-0000000000000000-01", // zero parent id
				"ff-" + TRACE_ID + "-00f067aa0ba902b7-01", // forbidden version
				"00-" + TRACE_ID + "-00f067aa0ba902b7-01-extra", // version 00 has no more
																	// fields
				"00-" + TRACE_ID + "-00f067aa0ba902b7-0g", "00_" + TRACE_ID + "-00f067aa0ba902b7-01",
				"00-4bf92f3577b34da6a3ce929d0e0e473\"-00f067aa0ba902b7-01" };
		for (String value : malformed) {
			assertThat(TraceIdResolver.incomingTraceId(value)).as(value).isNull();
		}
	}

	@Test
	void requestKeepsTheTraceparentsTraceId() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(this.resolver.resolve(request)).isEqualTo(TRACE_ID);
		assertThat(request.getAttribute(TraceIdResolver.REQUEST_ID_ATTRIBUTE)).isEqualTo(TRACE_ID);
	}

	@Test
	void requestWithoutTraceparentKeepsOneGeneratedId() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("traceparent", "not-a-traceparent");
		String generated = this.resolver.resolve(request);
		assertThat(generated).matches("[0-9a-f]{32}");
		assertThat(this.resolver.resolve(request)).isEqualTo(generated);
		assertThat(this.resolver.resolve(new MockHttpServletRequest())).isNotEqualTo(generated);
	}

	@Test
	void currentSpanWinsOverTheTraceparent() {
		TraceIdResolver traced = new TraceIdResolver(() -> "0af7651916cd43dd8448eb211c80319c");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(traced.resolve(request)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
	}

}
