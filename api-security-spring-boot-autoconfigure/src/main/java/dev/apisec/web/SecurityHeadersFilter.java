package dev.apisec.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the security headers before anything else runs, so that every response carries
 * them, 401, 403, 429 and error responses included. Strict-Transport-Security only goes
 * on HTTPS requests (directly, or as told by a trusted proxy).
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

	private final String[][] headers;

	private final String hsts;

	private final RequestTransport transport;

	public SecurityHeadersFilter(HeadersProperties properties, RequestTransport transport) {
		this.headers = headers(properties).entrySet()
			.stream()
			.map((header) -> new String[] { header.getKey(), header.getValue() })
			.toArray(String[][]::new);
		HeadersProperties.Hsts hsts = properties.getHsts();
		this.hsts = hsts.isEnabled() ? "max-age=" + hsts.getMaxAge().toSeconds()
				+ (hsts.isIncludeSubdomains() ? "; includeSubDomains" : "") + (hsts.isPreload() ? "; preload" : "")
				: null;
		this.transport = transport;
	}

	/**
	 * Return the headers written on every response, HSTS aside.
	 * @param properties the header properties
	 * @return header names and values, without the ones configured empty
	 */
	static Map<String, String> headers(HeadersProperties properties) {
		Map<String, String> headers = new LinkedHashMap<>();
		add(headers, "Cache-Control", properties.getCacheControl());
		add(headers, "X-Content-Type-Options", properties.getContentTypeOptions());
		add(headers, "X-Frame-Options", properties.getFrameOptions());
		add(headers, "Content-Security-Policy", properties.getContentSecurityPolicy());
		add(headers, "Referrer-Policy", properties.getReferrerPolicy());
		add(headers, "Cross-Origin-Resource-Policy", properties.getCrossOriginResourcePolicy());
		return headers;
	}

	private static void add(Map<String, String> headers, String name, String value) {
		if (StringUtils.hasText(value)) {
			headers.put(name, value);
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (String[] header : this.headers) {
			response.setHeader(header[0], header[1]);
		}
		if (this.hsts != null && this.transport.isSecure(request)) {
			response.setHeader("Strict-Transport-Security", this.hsts);
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
