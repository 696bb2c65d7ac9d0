package dev.apisec.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTransportTests {

	private final RequestTransport transport = new RequestTransport(new ClientAddressResolver(List.of("10.0.0.0/8")));

	private final RequestTransport rfc7239 = new RequestTransport(
			new ClientAddressResolver(List.of("10.0.0.0/8"), ClientAddressHeader.FORWARDED));

	private static MockHttpServletRequest request(String peer, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		for (int i = 0; i < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

	@Test
	void secureConnectionIsHttps() {
		MockHttpServletRequest request = request("203.0.113.1");
		request.setSecure(true);
		assertThat(this.transport.isSecure(request)).isTrue();
		assertThat(this.rfc7239.isSecure(request)).isTrue();
	}

	@Test
	void forwardedProtoCountsOnlyFromATrustedProxy() {
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https"))).isTrue();
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "HTTPS"))).isTrue();
		assertThat(this.transport.isSecure(request("203.0.113.1", "X-Forwarded-Proto", "https"))).isFalse();
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "http"))).isFalse();
		assertThat(this.transport.isSecure(request("10.0.0.5"))).isFalse();
	}

	@Test
	void byDefaultAForwardedProtoIsNeverRead() {
		assertThat(this.transport.isSecure(request("10.0.0.5", "Forwarded", "for=203.0.113.9;proto=https"))).isFalse();
		assertThat(
				this.transport.isSecure(request("10.0.0.5", "Forwarded", "proto=https", "X-Forwarded-Proto", "http")))
			.isFalse();
	}

	@Test
	void everyValueOfXForwardedProtoMustBeHttps() {
		// The client sent "X-Forwarded-Proto: https" over HTTP and the proxy appended
		// "http".
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https, http"))).isFalse();
		assertThat(
				this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https", "X-Forwarded-Proto", "http")))
			.isFalse();
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https, https"))).isTrue();
		assertThat(this.transport.isSecure(request("10.0.0.5", "X-Forwarded-Proto", ""))).isFalse();
	}

	@Test
	void withForwardedTheProtoOfTheElementNamingTheClientCounts() {
		assertThat(this.rfc7239.isSecure(request("10.0.0.5", "Forwarded", "for=203.0.113.9;proto=https"))).isTrue();
		assertThat(this.rfc7239.isSecure(request("10.0.0.5", "Forwarded", "for=203.0.113.9;PROTO=\"HTTPS\""))).isTrue();
		// The client forged an element claiming HTTPS; the proxy appended the truth.
		assertThat(this.rfc7239
			.isSecure(request("10.0.0.5", "Forwarded", "for=198.51.100.1;proto=https, for=203.0.113.9;proto=http")))
			.isFalse();
		// Behind two trusted proxies, the outer one's element names the client.
		assertThat(this.rfc7239
			.isSecure(request("10.0.0.5", "Forwarded", "for=203.0.113.9;proto=https, for=10.0.0.7;proto=http")))
			.isTrue();
		assertThat(this.rfc7239.isSecure(request("10.0.0.5", "Forwarded", "for=203.0.113.9"))).isFalse();
		assertThat(this.rfc7239.isSecure(request("10.0.0.5", "Forwarded", "proto=https"))).isFalse();
		assertThat(this.rfc7239.isSecure(request("10.0.0.5", "X-Forwarded-Proto", "https"))).isFalse();
		assertThat(this.rfc7239.isSecure(request("203.0.113.1", "Forwarded", "for=203.0.113.9;proto=https"))).isFalse();
	}

}
