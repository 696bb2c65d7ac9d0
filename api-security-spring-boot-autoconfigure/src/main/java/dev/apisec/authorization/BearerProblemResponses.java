package dev.apisec.authorization;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.jwt.InvalidJwtException;
import dev.apisec.jwt.KeysUnavailableException;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The 401, 403 and 503 answers of the bearer-token chain, as problem responses with the
 * RFC 6750 {@code WWW-Authenticate} header. Details are fixed sentences chosen by reason;
 * no token, exception message or class name reaches the client. Refused tokens are
 * reported as {@code AUTHENTICATION_FAILURE} security events with the reason code;
 * denials are reported from Spring Security's authorization events instead.
 */
final class BearerProblemResponses
		implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private final ProblemResponseWriter writer;

	private final SecurityEvents events;

	private final String resourceMetadata;

	/**
	 * Create the responses.
	 * @param writer writes the problems
	 * @param events receives the failures
	 * @param resourceMetadataUrl the URL of the protected resource metadata (RFC 9728)
	 * that 401 and 403 answers name, or {@code null} when none is published
	 */
	BearerProblemResponses(ProblemResponseWriter writer, SecurityEvents events, String resourceMetadataUrl) {
		this.writer = writer;
		this.events = events;
		this.resourceMetadata = (resourceMetadataUrl != null) ? "resource_metadata=\"" + resourceMetadataUrl + "\""
				: null;
	}

	private String challenge(String parameters) {
		if (this.resourceMetadata == null) {
			return (parameters != null) ? "Bearer " + parameters : "Bearer";
		}
		return "Bearer " + ((parameters != null) ? parameters + ", " : "") + this.resourceMetadata;
	}

	/**
	 * 401: no credentials, or credentials that failed.
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof OAuth2AuthenticationException) {
			// A refused token: its claims are not trusted, so the caller stays anonymous.
			this.events.authenticationFailed(request, SecurityEvent.JWT, failureReason(ex), null);
			InvalidJwtException invalid = findCause(ex, InvalidJwtException.class);
			String detail = (invalid != null) ? invalid.getReason().description()
					: ProblemType.INVALID_TOKEN.getDefaultDetail();
			this.writer.write(request, response, ProblemType.INVALID_TOKEN, detail, Map.of("WWW-Authenticate",
					challenge("error=\"invalid_token\", error_description=\"" + detail + "\"")));
		}
		else {
			this.writer.write(request, response, ProblemType.UNAUTHORIZED, Map.of("WWW-Authenticate", challenge(null)));
		}
	}

	/**
	 * 403: authenticated, but no rule grants the request.
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String detail = ProblemType.ACCESS_DENIED.getDefaultDetail();
		String parameters = "error=\"insufficient_scope\"";
		if (ex instanceof AuthorizationDeniedException denied
				&& denied.getAuthorizationResult() instanceof RuleDecision decision) {
			detail = "Access denied by rule '" + decision.getRuleName() + "'.";
			if (decision.getScope() != null) {
				parameters += ", scope=\"" + decision.getScope() + "\"";
			}
		}
		this.writer.write(request, response, ProblemType.ACCESS_DENIED, detail,
				Map.of("WWW-Authenticate", challenge(parameters)));
	}

	/**
	 * Bearer authentication failed: 503 when keys cannot be obtained (the token may be
	 * valid), otherwise the 401 entry point.
	 */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			this.events.authenticationFailed(request, SecurityEvent.JWT, failureReason(ex), null);
			KeysUnavailableException unavailable = findCause(ex, KeysUnavailableException.class);
			Duration retryAfter = (unavailable != null) ? unavailable.getRetryAfter() : DEFAULT_RETRY_AFTER;
			long seconds = Math.max(1, retryAfter.toSeconds() + ((retryAfter.toMillisPart() > 0) ? 1 : 0));
			this.writer.write(request, response, ProblemType.KEYS_UNAVAILABLE,
					Map.of("Retry-After", Long.toString(seconds)));
			return;
		}
		commence(request, response, ex);
	}

	/**
	 * Return the reason code of a failed bearer-token authentication: the
	 * {@link InvalidJwtException}'s reason, {@code keys_unavailable}, or
	 * {@code invalid_token} (a malformed {@code Authorization} header, say).
	 * @param ex the failure
	 * @return the reason code
	 */
	static String failureReason(Throwable ex) {
		InvalidJwtException invalid = findCause(ex, InvalidJwtException.class);
		if (invalid != null) {
			return invalid.getReason().code();
		}
		return (ex instanceof AuthenticationServiceException) ? "keys_unavailable" : "invalid_token";
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
