package dev.apisec.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The default {@link CountryResolver}: the country a trusted proxy or CDN names in a
 * header ({@code apisec.network.country-header}). Only a request that comes from a
 * trusted proxy has a country, and only when the header holds two letters; anything else
 * is an unknown country.
 */
final class HeaderCountryResolver implements CountryResolver {

	private final String header;

	private final ClientAddressResolver addresses;

	/**
	 * Create a resolver.
	 * @param header the header naming the country, or {@code null} when none is
	 * configured and every country is unknown
	 * @param addresses tells the trusted proxies
	 */
	HeaderCountryResolver(String header, ClientAddressResolver addresses) {
		this.header = header;
		this.addresses = addresses;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (this.header == null || !this.addresses.isTrustedProxy(request.getRemoteAddr())) {
			return null;
		}
		String value = request.getHeader(this.header);
		if (value == null) {
			return null;
		}
		String code = value.trim();
		return (code.length() == 2 && isAsciiLetter(code.charAt(0)) && isAsciiLetter(code.charAt(1)))
				? code.toUpperCase(Locale.ROOT) : null;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}

}
