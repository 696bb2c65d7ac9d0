package dev.apisec.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;

/**
 * Identifies the client a request is charged to.
 */
@FunctionalInterface
interface RateLimitKeyResolver {

	/**
	 * Return the client's key, or {@code null} when the request does not carry it (the
	 * client address is used then).
	 * @param request the request
	 * @param authentication the authentication, or {@code null}
	 * @return the key or {@code null}
	 */
	String resolve(HttpServletRequest request, Authentication authentication);

}
