package dev.apisec.audit;

import org.springframework.security.core.Authentication;

/**
 * An authentication that says how the caller authenticated, in the words of
 * {@link SecurityEvent#method()}. The starter's API-key and client-certificate
 * authentications implement it, so that the event API and the steps after authentication
 * (the audit listeners, rate limiting) tell them apart without knowing the features that
 * made them; bearer tokens are recognised by Spring Security's own token types. The
 * starter reports the success of such an authentication itself, so Spring Boot's
 * authentication audit leaves it alone.
 */
public interface ApiSecAuthentication extends Authentication {

	/**
	 * Return how the caller authenticated: {@value SecurityEvent#API_KEY} (whose name is
	 * the key id, by which the {@code api-key} rate-limit key counts),
	 * {@value SecurityEvent#MTLS} or a method of the application's own.
	 * @return the authentication method, never {@code null}
	 */
	String getAuthenticationMethod();

}
