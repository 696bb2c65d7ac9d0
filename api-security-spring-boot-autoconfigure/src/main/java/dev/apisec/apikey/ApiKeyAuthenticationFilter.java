package dev.apisec.apikey;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Pattern;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import io.micrometer.observation.Observation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry an API key in the configured header; requests without
 * one pass untouched. Reads only that header: never the query string, a form field or a
 * cookie. A client address with too many recent failures gets 429 before any lookup;
 * every refused key gets the same 401, whatever the reason; a request that also carries
 * an {@code Authorization} header gets 400, since it is unclear whose request it is.
 * Every refusal is reported as a security event with its reason ({@code API_KEY_EXPIRED}
 * for an expired key, {@code RATE_LIMITED} for the failure limit), and each attempt is
 * observed as {@code apisec.authentication}.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	/** Name of the failure limit in rate-limit audit events. */
	static final String FAILURE_LIMIT_POLICY = "api-key-failures";

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

	private final String header;

	private final ApiKeyVerifier verifier;

	private final ApiKeyFailureLimiter failureLimiter;

	private final ClientAddressResolver clientAddresses;

	private final ProblemResponseWriter problems;

	private final SecurityEvents events;

	private final SecurityObservations observations;

	private final String challenge;

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	ApiKeyAuthenticationFilter(String header, ApiKeyVerifier verifier, ApiKeyFailureLimiter failureLimiter,
			ClientAddressResolver clientAddresses, ProblemResponseWriter problems, SecurityEvents events,
			SecurityObservations observations) {
		this.header = header;
		this.verifier = verifier;
		this.failureLimiter = failureLimiter;
		this.clientAddresses = clientAddresses;
		this.problems = problems;
		this.events = events;
		this.observations = observations;
		this.challenge = "ApiKey header=\"" + header + "\"";
	}

	/**
	 * Return the configured header name, trimmed, once it is checked to be a usable one:
	 * an HTTP token of its own, not {@code Authorization} or {@code Cookie}.
	 * @param header the value of {@code apisec.api-keys.header}
	 * @return the header name
	 * @throws ApiSecConfigurationException when it is not usable
	 */
	static String checkedHeader(String header) {
		if (!StringUtils.hasText(header) || !HEADER_NAME.matcher(header.trim()).matches()
				|| header.trim().equalsIgnoreCase("Authorization") || header.trim().equalsIgnoreCase("Cookie")) {
			throw new ApiSecConfigurationException("apisec.api-keys.header",
					"'" + header + "' is not a usable header name",
					"Use a header name of its own such as X-API-Key; Authorization and Cookie are not allowed.");
		}
		return header.trim();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(this.header);
		if (presented == null) {
			chain.doFilter(request, response);
			return;
		}
		Observation observation = this.observations.startAuthentication(SecurityEvent.API_KEY);
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			failed(observation, request, ApiKeyFailureReason.AMBIGUOUS_CREDENTIALS, null);
			this.problems.write(request, response, ProblemType.AMBIGUOUS_CREDENTIALS,
					ProblemType.AMBIGUOUS_CREDENTIALS.getDefaultDetail(), Map.of());
			return;
		}
		String client = this.clientAddresses.resolve(request);
		Duration wait = this.failureLimiter.waitBeforeAttempt(client);
		if (!wait.isZero()) {
			SecurityObservations.authenticationEnded(observation, "failure",
					ApiKeyFailureReason.FAILURE_LIMITED.code());
			this.events.authenticationLimited(request, FAILURE_LIMIT_POLICY,
					ApiKeyFailureReason.FAILURE_LIMITED.code());
			long seconds = Math.max(1, wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0));
			this.problems.write(request, response, ProblemType.RATE_LIMITED,
					"Too many failed API-key attempts from this address; retry later.",
					Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
			return;
		}
		// Several values of the header: refused like an invalid key, after the same work.
		boolean single = Collections.list(request.getHeaders(this.header)).size() == 1;
		ApiKeyVerifier.Verification verification;
		try {
			verification = this.verifier.check(presented);
		}
		catch (RuntimeException ex) {
			SecurityObservations.authenticationEnded(observation, "failure", "store_error");
			throw ex;
		}
		ApiKeyFailureReason failure = single ? verification.failure() : ApiKeyFailureReason.MULTIPLE_KEYS;
		if (failure != null) {
			this.failureLimiter.recordFailure(client);
			// The key was found by its hash, so its id is known for certain; an unknown
			// key has none.
			failed(observation, request, failure, single ? verification.key() : null);
			this.problems.write(request, response, ProblemType.INVALID_API_KEY,
					ProblemType.INVALID_API_KEY.getDefaultDetail(),
					Map.of(HttpHeaders.WWW_AUTHENTICATE, this.challenge));
			return;
		}
		SecurityObservations.authenticated(observation);
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(verification.key()));
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private void failed(Observation observation, HttpServletRequest request, ApiKeyFailureReason failure, ApiKey key) {
		SecurityObservations.authenticationEnded(observation, "failure", failure.code());
		if (failure == ApiKeyFailureReason.EXPIRED) {
			this.events.apiKeyExpired(request, key.id());
		}
		else {
			this.events.authenticationFailed(request, SecurityEvent.API_KEY, failure.code(),
					(key != null) ? key.id() : null);
		}
	}

}
