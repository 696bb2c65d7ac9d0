package dev.apisec.authorization;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.ClassUtils;

/**
 * The attributes that {@code claims} conditions test, whatever authenticated the caller:
 * the claims of a JWT (or the attributes of an introspected token), the attributes of an
 * {@link AttributedAuthentication} such as an API key or a client certificate, or those
 * of an {@link OAuth2AuthenticatedPrincipal}. No copy is made.
 */
final class PrincipalAttributes {

	private static final boolean RESOURCE_SERVER_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
			PrincipalAttributes.class.getClassLoader());

	private static final boolean OAUTH2_CORE_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal",
			PrincipalAttributes.class.getClassLoader());

	private PrincipalAttributes() {
	}

	/**
	 * Return the attributes of an authenticated caller.
	 * @param authentication the authentication
	 * @return the attributes, empty when the authentication has none
	 */
	static Map<String, Object> of(Authentication authentication) {
		if (authentication instanceof AttributedAuthentication attributed) {
			return attributed.getAttributes();
		}
		if (RESOURCE_SERVER_PRESENT) {
			Map<String, Object> attributes = TokenAttributes.of(authentication);
			if (attributes != null) {
				return attributes;
			}
		}
		if (OAUTH2_CORE_PRESENT) {
			Map<String, Object> attributes = OAuth2PrincipalAttributes.of(authentication.getPrincipal());
			if (attributes != null) {
				return attributes;
			}
		}
		return Map.of();
	}

	/**
	 * Kept apart so that the resource server's types are only loaded when present.
	 */
	private static final class TokenAttributes {

		static Map<String, Object> of(Authentication authentication) {
			return (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token)
					? token.getTokenAttributes() : null;
		}

	}

	/**
	 * Kept apart so that OAuth 2.0 core's types are only loaded when present.
	 */
	private static final class OAuth2PrincipalAttributes {

		static Map<String, Object> of(Object principal) {
			return (principal instanceof OAuth2AuthenticatedPrincipal oauth2) ? oauth2.getAttributes() : null;
		}

	}

}
