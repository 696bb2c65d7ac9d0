package dev.apisec.audit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.util.ClassUtils;

/**
 * Micrometer observations of the starter's decisions, which a tracing bridge turns into
 * spans: {@value #AUTHENTICATION} (tags {@code method}, {@code outcome}, {@code reason}),
 * {@value #AUTHORIZATION} ({@code rule}, {@code decision}) and {@value #RATE_LIMIT}
 * ({@code policy}, {@code outcome}). Every tag value comes from a closed set or the
 * configuration. With no registry, or one without handlers, starting an observation
 * returns Micrometer's no-op observation without allocating; with Micrometer Tracing, so
 * does a decision inside a trace that is not sampled, or inside an observation that no
 * tracing handler took (no spans are made).
 */
public final class SecurityObservations {

	/** Name of the authentication observation. */
	public static final String AUTHENTICATION = "apisec.authentication";

	/** Name of the authorization observation. */
	public static final String AUTHORIZATION = "apisec.authorization";

	/** Name of the rate-limit observation. */
	public static final String RATE_LIMIT = "apisec.ratelimit";

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", SecurityObservations.class.getClassLoader());

	/** Observations that record nothing. */
	public static final SecurityObservations NONE = new SecurityObservations(ObservationRegistry.NOOP);

	private final ObservationRegistry registry;

	/**
	 * Create observations recorded in a registry.
	 * @param registry the registry, or {@code null} for none
	 */
	public SecurityObservations(ObservationRegistry registry) {
		this.registry = (registry != null) ? registry : ObservationRegistry.NOOP;
	}

	/**
	 * Start observing an authentication; end it with {@link #authenticated} or
	 * {@link #authenticationEnded}.
	 * @param method the authentication method
	 * @return the started observation
	 */
	public Observation startAuthentication(String method) {
		return start(AUTHENTICATION).lowCardinalityKeyValue("method", method);
	}

	/**
	 * End an authentication observation with success.
	 * @param observation the observation
	 */
	public static void authenticated(Observation observation) {
		authenticationEnded(observation, "success", "none");
	}

	/**
	 * End an authentication observation.
	 * @param observation the observation
	 * @param outcome {@code success}, {@code failure} or {@code skipped}
	 * @param reason a stable reason code, {@code none} on success
	 */
	public static void authenticationEnded(Observation observation, String outcome, String reason) {
		observation.lowCardinalityKeyValue("outcome", outcome).lowCardinalityKeyValue("reason", reason).stop();
	}

	/**
	 * Start observing an authorization decision; end it with {@link #decided}.
	 * @param rule the name of the deciding rule
	 * @return the started observation
	 */
	public Observation startAuthorization(String rule) {
		return start(AUTHORIZATION).lowCardinalityKeyValue("rule", rule);
	}

	/**
	 * End an authorization observation.
	 * @param observation the observation
	 * @param granted whether access was granted
	 */
	public static void decided(Observation observation, boolean granted) {
		observation.lowCardinalityKeyValue("decision", granted ? "granted" : "denied").stop();
	}

	/**
	 * Start observing the charge of a request to a rate-limit policy; end it with
	 * {@link #charged}.
	 * @param policy the policy's name
	 * @return the started observation
	 */
	public Observation startRateLimit(String policy) {
		return start(RATE_LIMIT).lowCardinalityKeyValue("policy", policy);
	}

	/**
	 * End a rate-limit observation.
	 * @param observation the observation
	 * @param outcome {@code allowed}, {@code rejected} or {@code backend_error}
	 */
	public static void charged(Observation observation, String outcome) {
		observation.lowCardinalityKeyValue("outcome", outcome).stop();
	}

	private Observation start(String name) {
		if (TRACING_PRESENT && !Tracing.enclosingTraceSampled(this.registry)) {
			// A span of an unsampled trace is dropped anyway, and its timer would only
			// repeat the starter's counters: the decision is not observed (a quarter of
			// the starter's per-request cost in the HTTP benchmark).
			return Observation.NOOP;
		}
		// Never observation.error(ex): the span would carry exception messages and
		// causes.
		return Observation.start(name, Observation.Context::new, this.registry);
	}

	// Micrometer Tracing is optional: its types are named in this class only.
	private static final class Tracing {

		static boolean enclosingTraceSampled(ObservationRegistry registry) {
			Observation current = registry.getCurrentObservation();
			if (current == null) {
				return true;
			}
			TracingObservationHandler.TracingContext tracing = current.getContextView()
				.get(TracingObservationHandler.TracingContext.class);
			if (tracing == null) {
				// No tracing handler took the enclosing observation, so it has no span.
				return false;
			}
			// No span: none is made where nothing exports them (UnexportedSpans), and a
			// decision would only be one more timer.
			Span span = tracing.getSpan();
			return span != null && !Boolean.FALSE.equals(span.context().sampled());
		}

	}

}
