package dev.apisec.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the security headers before anything else runs, so that every response carries
 * them, 401, 403, 429 and error responses included. Strict-Transport-Security only goes on
 * HTTPS requests (directly, or as told by a trusted proxy).
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

	private final String[][] headers;

	private final String hsts;

	private final RequestTransport transport;

	public SecurityHeadersFilter(HeadersProperties properties, RequestTransport transport) {
		List<String[]> list = new ArrayList<>();
		add(list, "Cache-Control", properties.getCacheControl());
		add(list, "X-Content-Type-Options", properties.getContentTypeOptions());
		add(list, "X-Frame-Options", properties.getFrameOptions());
		add(list, "Content-Security-Policy", properties.getContentSecurityPolicy());
		add(list, "Referrer-Policy", properties.getReferrerPolicy());
		add(list, "Cross-Origin-Resource-Policy", properties.getCrossOriginResourcePolicy());
		this.headers = list.toArray(new String[0][]);
		HeadersProperties.Hsts hsts = properties.getHsts();
		this.hsts = hsts.isEnabled() ? "max-age=" + hsts.getMaxAge().toSeconds()
				+ (hsts.isIncludeSubdomains() ? "; includeSubDomains" : "") + (hsts.isPreload() ? "; preload" : "")
				: null;
		this.transport = transport;
	}

	private static void add(List<String[]> headers, String name, String value) {
		if (StringUtils.hasText(value)) {
			headers.add(new String[] { name, value });
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
