package dev.apisec.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves the country a request comes from, for country IP rules. The default reads a
 * header set by a trusted proxy or CDN ({@code apisec.network.country-header}, e.g.
 * {@code CF-IPCountry}); define a bean to use a GeoIP database instead.
 */
@FunctionalInterface
public interface CountryResolver {

	/**
	 * Return the ISO 3166 alpha-2 code of the request's country, upper case, or
	 * {@code null} when unknown.
	 * @param request the request
	 * @return the country or {@code null}
	 */
	String resolve(HttpServletRequest request);

}
