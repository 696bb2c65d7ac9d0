package dev.apisec.authorization;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's {@link DefaultBearerTokenResolver} with its defaults (the
 * {@code Authorization} header only, never a query or form parameter), answering the
 * common request without a regular expression: a well-formed {@code Bearer} header on a
 * request with no query string and no form body. The default resolver matches a
 * case-insensitive regular expression over the whole token on every request, which showed
 * in a profile of the HTTP benchmark. Every other request, malformed headers and requests
 * that could carry a second token in a parameter included, is answered by the default
 * resolver, so what is accepted and refused does not change.
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

	private static final String BEARER = "Bearer ";

	private static final boolean[] TOKEN_CHARS = tokenChars();

	private final DefaultBearerTokenResolver fallback = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && isToken68(authorization) && request.getQueryString() == null
				&& !isForm(request.getContentType())) {
			return authorization.substring(BEARER.length());
		}
		return this.fallback.resolve(request);
	}

	// "Bearer " (any case) and an RFC 6750 b64token: [A-Za-z0-9-._~+/]+ then '=' padding.
	static boolean isToken68(String authorization) {
		int length = authorization.length();
		if (length <= BEARER.length() || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		int i = BEARER.length();
		while (i < length && isTokenChar(authorization.charAt(i))) {
			i++;
		}
		if (i == BEARER.length()) {
			return false;
		}
		while (i < length && authorization.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isTokenChar(char c) {
		return c < TOKEN_CHARS.length && TOKEN_CHARS[c];
	}

	private static boolean[] tokenChars() {
		boolean[] chars = new boolean[128];
		for (char c = 0; c < chars.length; c++) {
			chars[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
		}
		return chars;
	}

	// A form body may carry an access_token parameter: the default resolver looks for it.
	private static boolean isForm(String contentType) {
		return contentType != null && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
	}

}
