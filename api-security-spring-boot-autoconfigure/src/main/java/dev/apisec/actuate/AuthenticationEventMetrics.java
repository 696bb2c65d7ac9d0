package dev.apisec.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventListener;
import dev.apisec.audit.SecurityEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code apisec.auth} counter for API keys and client certificates (methods
 * {@code api-key} and {@code mtls}), from the starter's security events: successes,
 * failures by reason, expired keys (reason {@code expired}) and requests refused by the
 * API-key failure limit (reason {@code failure_limited}). JWT authentications are counted
 * by {@link JwtMetrics}, from the decoder. Reasons are the starter's codes, so the number
 * of counters is bounded; each is registered on first use and then only incremented.
 */
class AuthenticationEventMetrics implements SecurityEventListener {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	AuthenticationEventMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean supports(SecurityEventType type, String method) {
		return (SecurityEvent.API_KEY.equals(method) || SecurityEvent.MTLS.equals(method))
				&& (type == SecurityEventType.AUTHENTICATION_SUCCESS || type == SecurityEventType.AUTHENTICATION_FAILURE
						|| type == SecurityEventType.API_KEY_EXPIRED || type == SecurityEventType.RATE_LIMITED);
	}

	@Override
	public void onSecurityEvent(SecurityEvent event) {
		String method = event.method();
		if (!SecurityEvent.API_KEY.equals(method) && !SecurityEvent.MTLS.equals(method)) {
			return;
		}
		SecurityEventType type = event.type();
		if (type == SecurityEventType.AUTHENTICATION_SUCCESS) {
			increment(method, "success", "none");
		}
		else if (type == SecurityEventType.AUTHENTICATION_FAILURE || type == SecurityEventType.API_KEY_EXPIRED
				|| (type == SecurityEventType.RATE_LIMITED && event.reason() != null)) {
			increment(method, "failure", event.reason());
		}
	}

	private void increment(String method, String outcome, String reason) {
		this.counters
			.computeIfAbsent(method + ' ' + outcome + ' ' + reason,
					(key) -> Counter.builder(JwtMetrics.AUTH)
						.description("Authentication attempts, by method, outcome and failure reason")
						.tag("method", method)
						.tag("outcome", outcome)
						.tag("reason", reason)
						.register(this.registry))
			.increment();
	}

}
