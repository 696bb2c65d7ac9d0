package dev.apisec.authorization;

import java.io.IOException;

import dev.apisec.audit.ApiSecAuthentication;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEvents;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reports {@code AUTHENTICATION_SUCCESS} once per request, after every authentication
 * filter of the starter's chain and before authorization, for the three ways the starter
 * authenticates: bearer token (known by Spring Security's token types), API key and
 * client certificate (each an {@link ApiSecAuthentication} that names its method). A
 * stateless API authenticates every request, so this is one event per authenticated
 * request: a type check and, when a listener is configured, one small event.
 */
class AuthenticationSuccessFilter extends OncePerRequestFilter {

	private static final boolean RESOURCE_SERVER_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
			AuthenticationSuccessFilter.class.getClassLoader());

	private final SecurityEvents events;

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	AuthenticationSuccessFilter(SecurityEvents events) {
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = this.contextHolder.getContext().getAuthentication();
		String method = method(authentication);
		if (method != null) {
			this.events.authenticationSucceeded(request, method, authentication.getName());
		}
		chain.doFilter(request, response);
	}

	static String method(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		if (authentication instanceof ApiSecAuthentication apiSec) {
			return apiSec.getAuthenticationMethod();
		}
		return (RESOURCE_SERVER_PRESENT && BearerTokens.isBearerToken(authentication)) ? SecurityEvent.JWT : null;
	}

	/**
	 * Kept apart so that the filter loads without the resource server on the classpath.
	 */
	private static final class BearerTokens {

		static boolean isBearerToken(Authentication authentication) {
			// A converter of the application's may return any token type, with the Jwt as
			// credentials.
			return authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>
					|| authentication.getCredentials() instanceof AbstractOAuth2Token;
		}

	}

}
