package dev.apisec.authorization;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityObservations;
import io.micrometer.observation.Observation;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * The authentication manager of the starter's bearer tokens: Spring Security's
 * {@link JwtAuthenticationProvider} inside an {@code apisec.authentication} observation
 * (method {@code jwt}, outcome, reason). Its exceptions are the provider's, so the failure
 * handler and entry point answer as before. It publishes no Spring Security authentication
 * events: the starter reports its own, with the request.
 */
final class ObservedJwtAuthenticationManager implements AuthenticationManager {

	private final JwtAuthenticationProvider provider;

	private final SecurityObservations observations;

	ObservedJwtAuthenticationManager(JwtAuthenticationProvider provider, SecurityObservations observations) {
		this.provider = provider;
		this.observations = observations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (!this.provider.supports(authentication.getClass())) {
			throw new ProviderNotFoundException("Only bearer tokens are authenticated here");
		}
		Observation observation = this.observations.startAuthentication(SecurityEvent.JWT);
		try {
			Authentication result = this.provider.authenticate(authentication);
			SecurityObservations.authenticated(observation);
			return result;
		}
		catch (AuthenticationException ex) {
			SecurityObservations.authenticationEnded(observation, "failure", BearerProblemResponses.failureReason(ex));
			throw ex;
		}
	}

}
