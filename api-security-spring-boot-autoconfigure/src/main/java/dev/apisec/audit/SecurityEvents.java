package dev.apisec.audit;

import java.time.Instant;
import java.util.List;

import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.TraceIdResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where the starter's filters report security events: builds each event from the request
 * (client address through the trusted proxies, method, path without the query string,
 * trace id) and hands it to every {@link SecurityEventListener} that wants it. When no
 * listener wants an event (no listener at all, or none that wants successes, for
 * example), the method returns at once without building anything.
 */
public final class SecurityEvents {

	/** Events that go nowhere: what the filters use when auditing is off. */
	public static final SecurityEvents NONE = new SecurityEvents(List.of(), null, null);

	/**
	 * Longest path recorded; longer ones are cut, so that a request cannot flood the
	 * logs.
	 */
	static final int MAX_PATH_LENGTH = 256;

	private static final Log logger = LogFactory.getLog(SecurityEvents.class);

	private final SecurityEventListener[] listeners;

	private final ClientAddressResolver clientAddresses;

	private final TraceIdResolver traceIds;

	/**
	 * Create the events of the given listeners.
	 * @param listeners the listeners, called in this order
	 * @param clientAddresses resolves the client address of a request
	 * @param traceIds resolves the trace id of a request
	 */
	public SecurityEvents(List<SecurityEventListener> listeners, ClientAddressResolver clientAddresses,
			TraceIdResolver traceIds) {
		this.listeners = listeners.toArray(SecurityEventListener[]::new);
		this.clientAddresses = (clientAddresses != null) ? clientAddresses : new ClientAddressResolver(List.of());
		this.traceIds = (traceIds != null) ? traceIds : new TraceIdResolver();
	}

	/**
	 * Return whether any listener is told of the events.
	 * @return whether events are published
	 */
	public boolean isEnabled() {
		return this.listeners.length > 0;
	}

	/**
	 * Return whether any listener wants an event of a type, so that an event nobody wants
	 * is not built.
	 * @param type the event's type
	 * @param method the authentication method, or {@code null}
	 * @return whether such an event would be handed to a listener
	 */
	public boolean wants(SecurityEventType type, String method) {
		for (SecurityEventListener listener : this.listeners) {
			if (listener.supports(type, method)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A request was authenticated.
	 * @param request the request
	 * @param method the authentication method
	 * @param principal the authenticated name
	 */
	public void authenticationSucceeded(HttpServletRequest request, String method, String principal) {
		if (wants(SecurityEventType.AUTHENTICATION_SUCCESS, method)) {
			publish(request, SecurityEventType.AUTHENTICATION_SUCCESS, principal, method, null, null, null);
		}
	}

	/**
	 * Credentials of a request were refused.
	 * @param request the request
	 * @param method the authentication method
	 * @param reason a stable code saying why
	 * @param principal the name the credentials stand for if it is known for certain (a
	 * key found by its hash, a verified certificate), else {@code null}
	 */
	public void authenticationFailed(HttpServletRequest request, String method, String reason, String principal) {
		if (wants(SecurityEventType.AUTHENTICATION_FAILURE, method)) {
			publish(request, SecurityEventType.AUTHENTICATION_FAILURE, principal, method, reason, null, null);
		}
	}

	/**
	 * A request was denied by an authorization rule.
	 * @param request the request, or {@code null} when there is none
	 * @param rule the rule's name
	 * @param principal the caller's name, or {@code null} for an anonymous caller
	 */
	public void authorizationDenied(HttpServletRequest request, String rule, String principal) {
		if (wants(SecurityEventType.AUTHORIZATION_FAILURE, null)) {
			publish(request, SecurityEventType.AUTHORIZATION_FAILURE, principal, null, null, rule, null);
		}
	}

	/**
	 * A rate-limit policy refused a request.
	 * @param request the request
	 * @param policy the policy's name
	 * @param principal the caller's name, or {@code null} for an anonymous caller
	 */
	public void rateLimited(HttpServletRequest request, String policy, String principal) {
		if (wants(SecurityEventType.RATE_LIMITED, null)) {
			publish(request, SecurityEventType.RATE_LIMITED, principal, null, null, null, policy);
		}
	}

	/**
	 * A request with an API key was refused because its address failed too often.
	 * @param request the request
	 * @param policy the name standing for the failure limit
	 * @param reason the reason code
	 */
	public void authenticationLimited(HttpServletRequest request, String policy, String reason) {
		if (wants(SecurityEventType.RATE_LIMITED, SecurityEvent.API_KEY)) {
			publish(request, SecurityEventType.RATE_LIMITED, null, SecurityEvent.API_KEY, reason, null, policy);
		}
	}

	/**
	 * A request presented an expired API key.
	 * @param request the request
	 * @param keyId the key's id
	 */
	public void apiKeyExpired(HttpServletRequest request, String keyId) {
		if (wants(SecurityEventType.API_KEY_EXPIRED, SecurityEvent.API_KEY)) {
			publish(request, SecurityEventType.API_KEY_EXPIRED, keyId, SecurityEvent.API_KEY, "expired", null, null);
		}
	}

	/**
	 * An API key expires soon.
	 * @param keyId the key's id
	 * @param expiresAt when it expires
	 */
	public void apiKeyExpiring(String keyId, Instant expiresAt) {
		if (wants(SecurityEventType.API_KEY_EXPIRING, SecurityEvent.API_KEY)) {
			publish(new SecurityEvent(SecurityEventType.API_KEY_EXPIRING, keyId, SecurityEvent.API_KEY, null, null,
					null, null, null, null, null, null, expiresAt));
		}
	}

	/**
	 * The circuit breaker of an outbound client opened. The event's principal is the
	 * client's name; its trace id is the current request's, if the call that tripped the
	 * breaker was made while serving one.
	 * @param client the client's name
	 */
	public void circuitOpened(String client) {
		if (wants(SecurityEventType.CIRCUIT_OPENED, null)) {
			publish(new SecurityEvent(SecurityEventType.CIRCUIT_OPENED, client, null, null, null, null, client, null,
					null, null, this.traceIds.resolve(null), null));
		}
	}

	private void publish(HttpServletRequest request, SecurityEventType type, String principal, String method,
			String reason, String rule, String policy) {
		// No request: method security outside a web request.
		publish(new SecurityEvent(type, (principal != null) ? principal : SecurityEvent.ANONYMOUS, method, reason, rule,
				policy, null, (request != null) ? this.clientAddresses.resolve(request) : null,
				(request != null) ? request.getMethod() : null, (request != null) ? path(request) : null,
				this.traceIds.resolve(request), null));
	}

	/**
	 * Hand an event to every listener that {@link SecurityEventListener#supports
	 * supports} it. A listener that throws is logged and skipped: an audit problem must
	 * not fail the request.
	 * @param event the event
	 */
	public void publish(SecurityEvent event) {
		for (SecurityEventListener listener : this.listeners) {
			try {
				if (listener.supports(event.type(), event.method())) {
					listener.onSecurityEvent(event);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Security event listener " + listener.getClass().getName() + " failed on " + event.type()
						+ ": " + ex.getClass().getName());
			}
		}
	}

	private static String path(HttpServletRequest request) {
		// The undecoded URI path: no query string, and no decoded CR/LF to forge log
		// lines.
		String path = request.getRequestURI();
		return (path != null && path.length() > MAX_PATH_LENGTH) ? path.substring(0, MAX_PATH_LENGTH) + "..." : path;
	}

}
