package dev.apisec.ratelimit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.ratelimit.LocalRateLimitFallback.Route;
import dev.apisec.ratelimit.RateLimitProperties.OnBackendFailure;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import io.micrometer.observation.Observation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Charges every request to each matching policy's bucket for its client, after
 * authentication (so principal and claim keys work) and before the controller. A request
 * that a policy refuses gets 429 with {@code Retry-After}; the rate-limit headers go on
 * every limited response. A backend failure never becomes a 500: the request is let
 * through, refused with 503, or limited by this instance's own buckets, as configured.
 * Refusals are reported as {@code RATE_LIMITED} security events; each charge is observed
 * as {@code apisec.ratelimit}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(RateLimitFilter.class);

	private final RateLimitPolicies policies;

	private final RateLimitBackend backend;

	private final ClientAddressResolver clientAddressResolver;

	private final RateLimitHeaders headers;

	private final OnBackendFailure onBackendFailure;

	private final RateLimitMetrics metrics;

	private final ProblemResponseWriter problems;

	private final SecurityEvents events;

	private final SecurityObservations observations;

	private final LocalRateLimitFallback localFallback;

	private final AtomicLong backendFailures = new AtomicLong();

	/**
	 * Create a filter that reports refused requests as {@code RATE_LIMITED} security
	 * events and observes each charge as {@code apisec.ratelimit}.
	 * @param policies the policies
	 * @param backend where buckets are kept
	 * @param clientAddressResolver resolves the client address
	 * @param headers writes the rate-limit headers
	 * @param onBackendFailure what to do when the backend cannot decide
	 * @param metrics counts decisions
	 * @param problems writes the refusals
	 * @param events where refusals are reported
	 * @param observations the observations
	 * @throws IllegalArgumentException for {@link OnBackendFailure#LOCAL}, whose local
	 * buckets (share, size) come from {@code apisec.rate-limit.*}: only the
	 * auto-configured filter has them
	 */
	public RateLimitFilter(RateLimitPolicies policies, RateLimitBackend backend,
			ClientAddressResolver clientAddressResolver, RateLimitHeaders headers, OnBackendFailure onBackendFailure,
			RateLimitMetrics metrics, ProblemResponseWriter problems, SecurityEvents events,
			SecurityObservations observations) {
		this(policies, backend, clientAddressResolver, headers, checkNotLocal(onBackendFailure), metrics, problems,
				events, observations, null);
	}

	// The auto-configuration's: local buckets at the configured share, or none outside
	// local mode.
	RateLimitFilter(RateLimitPolicies policies, RateLimitBackend backend, ClientAddressResolver clientAddressResolver,
			RateLimitHeaders headers, OnBackendFailure onBackendFailure, RateLimitMetrics metrics,
			ProblemResponseWriter problems, SecurityEvents events, SecurityObservations observations,
			LocalRateLimitFallback localFallback) {
		this.localFallback = localFallback;
		this.policies = policies;
		this.backend = backend;
		this.clientAddressResolver = clientAddressResolver;
		this.headers = headers;
		this.onBackendFailure = onBackendFailure;
		this.metrics = metrics;
		this.problems = problems;
		this.events = events;
		this.observations = observations;
	}

	private static OnBackendFailure checkNotLocal(OnBackendFailure onBackendFailure) {
		if (onBackendFailure == OnBackendFailure.LOCAL) {
			throw new IllegalArgumentException("on-backend-failure LOCAL needs the local buckets that the "
					+ "auto-configured filter builds from apisec.rate-limit.local-fallback.share and "
					+ "apisec.rate-limit.max-keys; use that filter, or ALLOW or DENY here");
		}
		return onBackendFailure;
	}

	/**
	 * Return how many times the backend failed to decide since this filter was created.
	 * @return the number of backend failures
	 */
	public long getBackendFailures() {
		return this.backendFailures.get();
	}

	/**
	 * Return the local buckets of {@code on-backend-failure: local}.
	 * @return the fallback, or {@code null} in the other modes
	 */
	LocalRateLimitFallback localFallback() {
		return this.localFallback;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<RateLimitPolicy> policies = this.policies.policies();
		List<RateLimitPolicy> charged = null;
		List<RateLimitDecision> decisions = null;
		String clientAddress = null;
		Authentication authentication = null;
		for (RateLimitPolicy policy : policies) {
			if (!policy.matches(request)) {
				continue;
			}
			if (charged == null) {
				charged = new ArrayList<>(2);
				decisions = new ArrayList<>(2);
				clientAddress = this.clientAddressResolver.resolve(request);
				authentication = SecurityContextHolder.getContext().getAuthentication();
			}
			String key = RateLimitPolicies.key(policy, request, authentication, clientAddress);
			RateLimitDecision decision;
			Observation observation = this.observations.startRateLimit(policy.getName());
			Route route = (this.localFallback != null) ? this.localFallback.route() : Route.BACKEND;
			try {
				if (route == Route.LOCAL) {
					decision = this.localFallback.tryConsume(policy, key);
				}
				else {
					decision = this.backend.tryConsume(policy, key);
					if (this.localFallback != null) {
						this.localFallback.backendDecided(route);
					}
				}
			}
			catch (RuntimeException ex) {
				this.backendFailures.incrementAndGet();
				this.metrics.backendError(policy);
				if (this.localFallback != null) {
					// Logged once per switch, not per request; the local decision is
					// observed below.
					this.localFallback.backendFailed(ex);
					decision = this.localFallback.tryConsume(policy, key);
				}
				else {
					SecurityObservations.charged(observation, "backend_error");
					logger
						.warn("Rate-limit backend '" + this.backend.name() + "' failed for policy '" + policy.getName()
								+ "' (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); request "
								+ ((this.onBackendFailure == OnBackendFailure.DENY) ? "refused" : "allowed"));
					if (this.onBackendFailure == OnBackendFailure.DENY) {
						this.problems.write(request, response, ProblemType.RATE_LIMIT_UNAVAILABLE,
								ProblemType.RATE_LIMIT_UNAVAILABLE.getDefaultDetail(), Map.of("Retry-After", "1"));
						return;
					}
					continue;
				}
			}
			charged.add(policy);
			decisions.add(decision);
			SecurityObservations.charged(observation, decision.allowed() ? "allowed" : "rejected");
			if (!decision.allowed()) {
				this.metrics.rejected(policy);
				this.events.rateLimited(request, policy.getName(),
						(authentication != null && authentication.isAuthenticated()
								&& !(authentication instanceof AnonymousAuthenticationToken)) ? authentication.getName()
										: null);
				this.headers.write(response, charged, decisions);
				long seconds = Math.max(1, (decision.nanosToWait() + 999_999_999L) / 1_000_000_000L);
				this.problems.write(request, response, ProblemType.RATE_LIMITED,
						"Rate limit '" + policy.getName() + "' exceeded; retry after " + seconds + " seconds.",
						Map.of("Retry-After", Long.toString(seconds)));
				return;
			}
			this.metrics.allowed(policy);
		}
		if (charged != null) {
			this.headers.write(response, charged, decisions);
		}
		chain.doFilter(request, response);
	}

}
