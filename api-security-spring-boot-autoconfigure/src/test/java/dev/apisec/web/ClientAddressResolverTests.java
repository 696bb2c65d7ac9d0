package dev.apisec.web;

import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientAddressResolverTests {

	private final ClientAddressResolver noProxies = new ClientAddressResolver(List.of());

	private final ClientAddressResolver proxies = new ClientAddressResolver(List.of("10.0.0.0/8", "fd00::/8"));

	private static MockHttpServletRequest request(String peer, String header, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (header != null) {
			request.addHeader(header, value);
		}
		return request;
	}

	@Test
	void peerAddressIsTheClientWithoutTrustedProxies() {
		assertThat(this.noProxies.resolve(request("203.0.113.7", "X-Forwarded-For", "198.51.100.1")))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
		assertThat(this.proxies.resolve(request("203.0.113.7", "X-Forwarded-For", "198.51.100.1")))
			.isEqualTo("203.0.113.7");
		assertThat(this.proxies.resolve(request("203.0.113.7", "Forwarded", "for=198.51.100.1")))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void trustedProxyNamesTheNearestUntrustedHop() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.7")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void clientCannotPrependAnIdentityThroughATrustedProxy() {
		// The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "1.2.3.4, 203.0.113.9")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void forwardedHeaderIsPreferredAndParsedPerRfc7239() {
		MockHttpServletRequest request = request("10.0.0.5", "Forwarded",
				"for=198.51.100.1;proto=https, for=\"[2001:db8::17]:4711\"");
		request.addHeader("X-Forwarded-For", "192.0.2.1");
		assertThat(this.proxies.resolve(request)).isEqualTo("2001:db8::17");
		assertThat(this.proxies.resolve(request("fd00::1", "Forwarded", "for=192.0.2.60:8080"))).isEqualTo("192.0.2.60");
	}

	@Test
	void garbageHopStopsAtTheLastAddressThatCanBeVouchedFor() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "evil.example, 10.0.0.9")))
			.isEqualTo("10.0.0.9");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "unknown"))).isEqualTo("10.0.0.5");
	}

	@Test
	void onlyTrustedHopsMeansTheLeftmostIsTheClient() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "10.1.1.1, 10.2.2.2")))
			.isEqualTo("10.1.1.1");
	}

	@Test
	void invalidTrustedProxyFailsNamingTheProperty() {
		assertThatExceptionOfType(ApiSecConfigurationException.class)
			.isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/8", "proxy.internal")))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("apisec.network.trusted-proxies[1]"));
	}

}
