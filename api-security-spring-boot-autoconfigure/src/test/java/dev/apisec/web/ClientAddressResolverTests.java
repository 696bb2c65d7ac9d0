package dev.apisec.web;

import java.net.InetAddress;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;

import dev.apisec.support.ApiSecConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ClientAddressResolverTests {

	private final ClientAddressResolver noProxies = new ClientAddressResolver(List.of());

	private final ClientAddressResolver proxies = new ClientAddressResolver(List.of("10.0.0.0/8", "fd00::/8"));

	private final ClientAddressResolver rfc7239 = new ClientAddressResolver(List.of("10.0.0.0/8", "fd00::/8"),
			ClientAddressHeader.FORWARDED);

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
		assertThat(this.rfc7239.resolve(request("203.0.113.7", "Forwarded", "for=198.51.100.1")))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void trustedProxyNamesTheNearestUntrustedHop() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.7")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void clientCannotPrependAnIdentityThroughATrustedProxy() {
		// The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real
		// address.
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "1.2.3.4, 203.0.113.9")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void byDefaultAForwardedHeaderIsNeverRead() {
		// A proxy that appends to X-Forwarded-For passes the client's own Forwarded
		// through.
		MockHttpServletRequest request = request("10.0.0.5", "X-Forwarded-For", "203.0.113.9");
		request.addHeader("Forwarded", "for=198.51.100.1");
		assertThat(this.proxies.resolve(request)).isEqualTo("203.0.113.9");
		assertThat(this.proxies.resolve(request("10.0.0.5", "Forwarded", "for=198.51.100.1"))).isEqualTo("10.0.0.5");
	}

	@Test
	void withForwardedOnlyTheForwardedHeaderIsReadAndParsedPerRfc7239() {
		MockHttpServletRequest request = request("10.0.0.5", "Forwarded",
				"for=198.51.100.1;proto=https, For=\"[2001:db8::17]:4711\";by=10.0.0.5");
		request.addHeader("X-Forwarded-For", "192.0.2.1");
		assertThat(this.rfc7239.resolve(request)).isEqualTo("2001:db8::17");
		assertThat(this.rfc7239.resolve(request("fd00::1", "Forwarded", "for=192.0.2.60:8080")))
			.isEqualTo("192.0.2.60");
		assertThat(this.rfc7239.resolve(request("10.0.0.5", "Forwarded", "for=\"2001:db8::17\"")))
			.isEqualTo("2001:db8::17");
		assertThat(this.rfc7239.resolve(request("10.0.0.5", "X-Forwarded-For", "192.0.2.1"))).isEqualTo("10.0.0.5");
	}

	@Test
	void forwardedHeaderLinesAreOneListInOrder() {
		MockHttpServletRequest request = request("10.0.0.5", "Forwarded", "for=198.51.100.1");
		request.addHeader("Forwarded", "for=10.0.0.9, for=10.0.0.8");
		assertThat(this.rfc7239.resolve(request)).isEqualTo("198.51.100.1");
		MockHttpServletRequest xff = request("10.0.0.5", "X-Forwarded-For", "198.51.100.1");
		xff.addHeader("X-Forwarded-For", "203.0.113.9");
		assertThat(this.proxies.resolve(xff)).isEqualTo("203.0.113.9");
	}

	@Test
	void portsAndBracketsAreStrippedFromHops() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "203.0.113.9:51234")))
			.isEqualTo("203.0.113.9");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "[2001:db8::17]:443")))
			.isEqualTo("2001:db8::17");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "[2001:db8::17]")))
			.isEqualTo("2001:db8::17");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "2001:db8::17")))
			.isEqualTo("2001:db8::17");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "::ffff:203.0.113.9")))
			.isEqualTo("::ffff:203.0.113.9");
	}

	@Test
	void garbageHopStopsAtTheLastAddressThatCanBeVouchedFor() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "evil.example, 10.0.0.9")))
			.isEqualTo("10.0.0.9");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "unknown"))).isEqualTo("10.0.0.5");
		assertThat(this.rfc7239.resolve(request("10.0.0.5", "Forwarded", "for=unknown, for=10.0.0.9")))
			.isEqualTo("10.0.0.9");
		assertThat(this.rfc7239.resolve(request("10.0.0.5", "Forwarded", "for=_hidden"))).isEqualTo("10.0.0.5");
		assertThat(this.rfc7239.resolve(request("10.0.0.5", "Forwarded", "proto=https"))).isEqualTo("10.0.0.5");
	}

	@Test
	void malformedHopsAreNeverTakenForAnAddress() {
		for (String hop : List.of("1:2:3", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "::1::", "12345::", ":1:2:3:4:5:6:7",
				"1:2:3:4:5:6:7:", "1.2.3.4::", "::1.2.3", "::1.2.3.256", "", " ", "garbage", "[2001:db8::17",
				"2001:db8::17]", "[2001:db8::17]x", "[2001:db8::17]:", "[2001:db8::17]:1234567", "[10.1.2.3]",
				"10.1.2.3:", "10.1.2.3:port", "10.1.2.3:1:2", "10.1.2", "10.1.2.3.4", "999.1.2.3", "010.1.2.3",
				"0x0a.1.2.3", "fe80::1%eth0", "\"10.1.2.3\"", "10.1.2.3 10.1.2.4", "１０.1.2.3", "x".repeat(300))) {
			assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", hop))).as(hop).isEqualTo("10.0.0.5");
			assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", hop + ", 10.0.0.9"))).as(hop)
				.isEqualTo("10.0.0.9");
			assertThat(this.rfc7239.resolve(request("10.0.0.5", "Forwarded", "for=\"" + hop + "\""))).as(hop)
				.isEqualTo("10.0.0.5");
		}
	}

	@Test
	void emptyHopsStopTheWalk() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", ""))).isEqualTo("10.0.0.5");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "203.0.113.9,"))).isEqualTo("10.0.0.5");
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "203.0.113.9,, 10.0.0.9")))
			.isEqualTo("10.0.0.9");
	}

	@Test
	void onlyTrustedHopsMeansTheLeftmostIsTheClient() {
		assertThat(this.proxies.resolve(request("10.0.0.5", "X-Forwarded-For", "10.1.1.1, 10.2.2.2")))
			.isEqualTo("10.1.1.1");
	}

	@Test
	void zoneOfALinkLocalPeerIsNotPartOfTheAddress() {
		ClientAddressResolver linkLocal = new ClientAddressResolver(List.of("fe80::/10"));
		assertThat(linkLocal.resolve(request("fe80:0:0:0:0:0:0:1%2", "X-Forwarded-For", "203.0.113.9")))
			.isEqualTo("203.0.113.9");
		assertThat(this.noProxies.resolve(request("fe80:0:0:0:0:0:0:1%eth0", null, null)))
			.isEqualTo("fe80:0:0:0:0:0:0:1");
	}

	@Test
	void randomHopsNeverFailAndResolveOnlyToAddressLiterals() throws Exception {
		Random random = new Random(15);
		String alphabet = "0123456789abcdefABCDEFxyz:.[]%;=\", ";
		for (int n = 0; n < 5_000; n++) {
			StringBuilder hop = new StringBuilder();
			int length = random.nextInt(24);
			for (int i = 0; i < length; i++) {
				hop.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String value = hop.toString();
			for (ClientAddressResolver resolver : List.of(this.proxies, this.rfc7239)) {
				MockHttpServletRequest request = request("10.0.0.5", "X-Forwarded-For", value);
				request.addHeader("Forwarded", "for=" + value);
				String address = resolver.resolve(request);
				assertThat(ClientAddressResolver.isIpLiteral(address)).as(value).isTrue();
			}
			if (ClientAddressResolver.isIpLiteral(value)) {
				// Every accepted literal is one the JDK parses (no DNS: it is a literal).
				assertThatNoException().as(value).isThrownBy(() -> InetAddress.getByName(value));
			}
		}
	}

	@Test
	void addressLiteralsAreAcceptedInEveryTextForm() {
		assertThat(List.of("0.0.0.0", "255.255.255.255", "203.0.113.9", "::", "::1", "1::", "2001:db8::17",
				"2001:DB8:0:0:0:0:0:17", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:203.0.113.9",
				"1:2:3:4:5:6:203.0.113.9", "64:ff9b::203.0.113.9"))
			.allSatisfy((literal) -> assertThat(ClientAddressResolver.isIpLiteral(literal)).as(literal).isTrue());
	}

	@Test
	void invalidTrustedProxyFailsNamingTheProperty() {
		assertThatExceptionOfType(ApiSecConfigurationException.class)
			.isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/8", "proxy.internal")))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("apisec.network.trusted-proxies[1]"));
	}

	@Test
	void missingClientAddressHeaderFailsNamingTheProperty() {
		assertThatExceptionOfType(ApiSecConfigurationException.class)
			.isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/8"), null))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("apisec.network.client-address-header"));
	}

	@Test
	void forwardedHeaderIsReadOncePerRequestWhateverTheNumberOfFeaturesAsking() {
		HeaderCountingRequest request = new HeaderCountingRequest("10.0.0.5");
		request.addHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
		for (int i = 0; i < 4; i++) {
			assertThat(this.proxies.resolve(request)).isEqualTo("203.0.113.9");
		}
		assertThat(request.headerReads).isEqualTo(1);
	}

	@Test
	void anotherResolverOrAnotherPeerOfTheSameRequestResolvesAfresh() {
		HeaderCountingRequest request = new HeaderCountingRequest("10.0.0.5");
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		request.addHeader("Forwarded", "for=198.51.100.1");
		assertThat(this.proxies.resolve(request)).isEqualTo("203.0.113.9");
		assertThat(this.rfc7239.resolve(request)).isEqualTo("198.51.100.1");
		// A wrapper that reports another peer (a second trusted proxy) is not answered
		// from what was resolved for the first.
		request.setRemoteAddr("10.0.0.6");
		request.addHeader("X-Forwarded-For", "192.0.2.44");
		assertThat(this.proxies.resolve(request)).isEqualTo("192.0.2.44");
		assertThat(request.headerReads).isEqualTo(3);
	}

	@Test
	void requestFromAnUntrustedPeerIsAnsweredWithoutStoringAnything() {
		MockHttpServletRequest request = request("203.0.113.7", "X-Forwarded-For", "198.51.100.1");
		assertThat(this.proxies.resolve(request)).isEqualTo("203.0.113.7");
		assertThat(this.noProxies.resolve(request)).isEqualTo("203.0.113.7");
		assertThat(request.getAttributeNames().hasMoreElements()).isFalse();
	}

	/**
	 * A request that counts how often its forwarding headers are read.
	 */
	static final class HeaderCountingRequest extends MockHttpServletRequest {

		int headerReads;

		HeaderCountingRequest(String peer) {
			setRemoteAddr(peer);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			this.headerReads++;
			return super.getHeaders(name);
		}

	}

}
