package dev.apisec.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestBodyLimitFilter} with readers outside Spring MVC.
 */
class RequestBodyLimitFilterTests {

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10),
			new ProblemResponseWriter());

	@Test
	void bodyOfExactlyTheLimitIsRead() throws Exception {
		MockHttpServletRequest request = chunked("0123456789");
		StringBuilder read = new StringBuilder();
		this.filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> read.append(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
		assertThat(read).hasToString("0123456789");
	}

	@Test
	void readerPassingTheLimitIsAnsweredWith413() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = (req, res) -> {
			// A servlet that does not catch the exception: the filter answers.
			while (req.getReader().read() >= 0) {
				// read on
			}
		};
		this.filter.doFilter(chunked("0123456789A"), response, chain);
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("urn:apisec:problem:content-too-large")
			.contains("The request body is larger than the limit of 10 bytes.");
	}

	@Test
	void declaredLengthOverTheLimitIsRefusedUnread() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setContent(new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("chain must not run");
		});
		assertThat(response.getStatus()).isEqualTo(413);
	}

	@Test
	void requestThatCannotCarryMoreThanTheLimitIsPassedOnUnwrapped() throws Exception {
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/api/orders");
		MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/api/orders");
		declared.setContent(new byte[10]);
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { get, declared }) {
			AtomicReference<ServletRequest> passed = new AtomicReference<>();
			this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
			assertThat(passed.get()).isSameAs(request);
		}
	}

	@Test
	void http2BodyWithoutDeclaredLengthIsStillCounted() throws Exception {
		MockHttpServletRequest request = chunked("0123456789A");
		request.removeHeader("Transfer-Encoding");
		request.setProtocol("HTTP/2.0");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> req.getInputStream().readAllBytes());
		assertThat(response.getStatus()).isEqualTo(413);
	}

	private static MockHttpServletRequest chunked(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}
		};
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.addHeader("Transfer-Encoding", "chunked");
		request.setCharacterEncoding("UTF-8");
		return request;
	}

}
