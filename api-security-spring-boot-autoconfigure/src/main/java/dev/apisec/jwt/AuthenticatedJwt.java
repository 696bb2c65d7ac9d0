package dev.apisec.jwt;

import jakarta.servlet.ServletRequest;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The {@link Jwt} that authenticated the current request, kept as a request attribute by
 * the starter's bearer-token authentication as soon as the token is validated, before an
 * application's {@code Converter<Jwt, ? extends AbstractAuthenticationToken>} turns it
 * into an authentication of its own type. Later checks of the token itself (the
 * certificate binding of RFC 8705) read it here, so they hold whatever that converter
 * returns.
 */
public final class AuthenticatedJwt {

	/** Name of the request attribute holding the validated {@link Jwt}. */
	public static final String ATTRIBUTE = AuthenticatedJwt.class.getName();

	private AuthenticatedJwt() {
	}

	/**
	 * Return the validated token that authenticated the request.
	 * @param request the request
	 * @return the token, or {@code null} when no bearer token authenticated it
	 */
	public static Jwt of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof Jwt jwt) ? jwt : null;
	}

}
