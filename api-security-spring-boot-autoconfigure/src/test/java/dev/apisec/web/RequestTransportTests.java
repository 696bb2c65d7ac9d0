package dev.apisec.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTransportTests {

	private final RequestTransport transport = new RequestTransport(new ClientAddressResolver(List.of("10.0.0.0/8")));

	private static MockHttpServletRequest request(String peer, String header, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (header != null) {
			request.addHeader(header, value);
		}
		return request;
	}

	@Test
	void secureConnectionIsHttps() {
		MockHttpServletRequest request = request("203.0.113.1", null, null);
		request.setSecure(true);
		assertThat(this.transport.isSecure(request)).isTrue();
	}

	@Test
	void forwardedProtoCountsOnlyFromATrustedProxy() {
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https"))).isTrue();
		assertThat(this.transport.isSecure(request("203.0.113.1", "X-Forwarded-Proto", "https"))).isFalse();
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "http"))).isFalse();
		assertThat(this.transport.isSecure(request("10.0.0.5", "Forwarded", "for=1.2.3.4;proto=https"))).isTrue();
		assertThat(this.transport.isSecure(request("10.0.0.5", null, null))).isFalse();
	}

}
