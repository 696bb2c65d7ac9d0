package dev.apisec.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderCountryResolverTests {

	private final ClientAddressResolver addresses = new ClientAddressResolver(List.of("10.0.0.0/8"));

	@Test
	void countryOfATrustedProxyIsTrimmedAndUpperCase() {
		assertThat(new HeaderCountryResolver("CF-IPCountry", this.addresses).resolve(request("10.1.2.3", " de ")))
			.isEqualTo("DE");
	}

	@Test
	void countryFromAnyOtherPeerIsUnknown() {
		assertThat(new HeaderCountryResolver("CF-IPCountry", this.addresses).resolve(request("203.0.113.9", "DE")))
			.isNull();
	}

	@Test
	void valueThatIsNotTwoLettersIsUnknown() {
		HeaderCountryResolver resolver = new HeaderCountryResolver("CF-IPCountry", this.addresses);
		assertThat(resolver.resolve(request("10.1.2.3", "DEU"))).isNull();
		assertThat(resolver.resolve(request("10.1.2.3", "D1"))).isNull();
		assertThat(resolver.resolve(request("10.1.2.3", "D\u00c9"))).isNull();
		assertThat(resolver.resolve(request("10.1.2.3", "@["))).isNull();
		assertThat(resolver.resolve(request("10.1.2.3", ""))).isNull();
		assertThat(resolver.resolve(request("10.1.2.3", null))).isNull();
	}

	@Test
	void withoutAConfiguredHeaderEveryCountryIsUnknown() {
		assertThat(new HeaderCountryResolver(null, this.addresses).resolve(request("10.1.2.3", "DE"))).isNull();
	}

	private static MockHttpServletRequest request(String remoteAddress, String country) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin");
		request.setRemoteAddr(remoteAddress);
		if (country != null) {
			request.addHeader("CF-IPCountry", country);
		}
		return request;
	}

}
