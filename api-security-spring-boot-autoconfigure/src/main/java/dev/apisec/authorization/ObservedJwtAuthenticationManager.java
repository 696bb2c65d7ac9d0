package dev.apisec.authorization;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.jwt.AuthenticatedJwt;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * The authentication of the starter's bearer tokens: what Spring Security's
 * {@link JwtAuthenticationProvider} does (decode, convert, same exceptions, so the
 * failure handler and entry point answer as before) inside an
 * {@code apisec.authentication} observation (method {@code jwt}, outcome, reason).
 * Resolved per request, it keeps the validated token as {@link AuthenticatedJwt} before
 * the converter runs: an application's converter may return any authentication type, and
 * the checks of the token itself must still find it. A converter that returns null or
 * throws refuses the token (401 {@code invalid_token}), where Spring Security's provider
 * fails with a 500. It publishes no Spring Security authentication events: the starter
 * reports its own, with the request.
 */
final class ObservedJwtAuthenticationManager {

	private static final Log logger = LogFactory.getLog(ObservedJwtAuthenticationManager.class);

	private final JwtDecoder decoder;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> converter;

	private final SecurityObservations observations;

	ObservedJwtAuthenticationManager(JwtDecoder decoder,
			Converter<Jwt, ? extends AbstractAuthenticationToken> converter, SecurityObservations observations) {
		this.decoder = decoder;
		this.converter = converter;
		this.observations = observations;
	}

	/**
	 * Return the manager for one request.
	 * @param request the request whose bearer token is authenticated
	 * @return the manager
	 */
	AuthenticationManager forRequest(HttpServletRequest request) {
		return (authentication) -> authenticate(authentication, request);
	}

	Authentication authenticate(Authentication authentication, HttpServletRequest request) {
		if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
			throw new ProviderNotFoundException("Only bearer tokens are authenticated here");
		}
		Observation observation = this.observations.startAuthentication(SecurityEvent.JWT);
		try {
			Jwt jwt = decode(bearer);
			request.setAttribute(AuthenticatedJwt.ATTRIBUTE, jwt);
			AbstractAuthenticationToken result = convert(jwt);
			if (result.getDetails() == null) {
				result.setDetails(bearer.getDetails());
			}
			SecurityObservations.authenticated(observation);
			return result;
		}
		catch (AuthenticationException ex) {
			SecurityObservations.authenticationEnded(observation, "failure", BearerProblemResponses.failureReason(ex));
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			// A decoder of the application's that fails unexpectedly: the exception goes
			// on (the container answers 500), but the observation does not stay open.
			SecurityObservations.authenticationEnded(observation, "failure", "error");
			throw ex;
		}
	}

	// Spring Security's JwtAuthenticationProvider lets a converter's exception through
	// and fails on a null result (a NullPointerException in 6.5, an assertion in 7.0):
	// both are a 500. Here the validated token is refused instead, as a ProviderManager
	// refuses what no provider authenticates (the opaque-token provider returns null in
	// that case): a 401 invalid_token problem, and the cause in the log, never in the
	// answer.
	private AbstractAuthenticationToken convert(Jwt jwt) {
		AbstractAuthenticationToken result;
		try {
			result = this.converter.convert(jwt);
		}
		catch (AuthenticationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.warn("The JWT authentication converter " + this.converter.getClass().getName()
					+ " failed; the token is refused: " + ex);
			logger.debug("Failure of the JWT authentication converter", ex);
			throw new InvalidBearerTokenException("The JWT authentication converter failed", ex);
		}
		if (result == null) {
			logger.warn("The JWT authentication converter " + this.converter.getClass().getName()
					+ " returned no authentication; the token is refused");
			throw new InvalidBearerTokenException("The JWT authentication converter returned no authentication");
		}
		return result;
	}

	private Jwt decode(BearerTokenAuthenticationToken bearer) {
		try {
			return this.decoder.decode(bearer.getToken());
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
		catch (JwtException ex) {
			throw new AuthenticationServiceException(ex.getMessage(), ex);
		}
	}

}
