package dev.apisec.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One security event. Every value is either chosen by the starter from a closed set
 * (type, method, reason), configured (rule, policy, client), or taken from the request
 * (client address, HTTP method, path without the query string); never a token, key,
 * secret or header value.
 *
 * @param type what happened
 * @param principal who: the authenticated name, the API key id, the certificate's
 * principal, {@value #ANONYMOUS} when unknown, or the subject of a non-request event (the
 * expiring key's id, the client whose circuit opened)
 * @param method how the caller authenticated: {@value #JWT}, {@value #API_KEY},
 * {@value #MTLS}, or {@code null}
 * @param reason a stable code saying why it failed, or {@code null}
 * @param rule the authorization rule that denied, or {@code null}
 * @param policy the rate-limit policy that refused, or {@code null}
 * @param client the outbound client whose circuit opened, or {@code null}
 * @param clientAddress the client's address (trusted proxies honoured), or {@code null}
 * @param httpMethod the request's method, or {@code null}
 * @param path the request's path, never its query string, or {@code null}
 * @param traceId the trace id of the request (the one in its problem responses), or
 * {@code null}
 * @param expiresAt when the API key expires ({@code API_KEY_EXPIRING} only), or
 * {@code null}
 */
public record SecurityEvent(SecurityEventType type, String principal, String method, String reason, String rule,
		String policy, String client, String clientAddress, String httpMethod, String path, String traceId,
		Instant expiresAt) {

	/** Principal of events whose caller is not known. */
	public static final String ANONYMOUS = "anonymous";

	/** Method of bearer-token (JWT) authentication. */
	public static final String JWT = "jwt";

	/** Method of API-key authentication. */
	public static final String API_KEY = "api-key";

	/** Method of client-certificate (mutual TLS) authentication. */
	public static final String MTLS = "mtls";

	/**
	 * Return the event's values other than type and principal, by name, without the unset
	 * ones: the data of the audit event.
	 * @return the data, in a fixed order
	 */
	public Map<String, Object> data() {
		Map<String, Object> data = new LinkedHashMap<>();
		putIfSet(data, "method", this.method);
		putIfSet(data, "reason", this.reason);
		putIfSet(data, "rule", this.rule);
		putIfSet(data, "policy", this.policy);
		putIfSet(data, "client", this.client);
		putIfSet(data, "clientAddress", this.clientAddress);
		putIfSet(data, "httpMethod", this.httpMethod);
		putIfSet(data, "path", this.path);
		putIfSet(data, "traceId", this.traceId);
		putIfSet(data, "expiresAt", (this.expiresAt != null) ? this.expiresAt.toString() : null);
		return data;
	}

	private static void putIfSet(Map<String, Object> data, String name, String value) {
		if (value != null) {
			data.put(name, value);
		}
	}

}
