package dev.apisec.web;

import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The trace id of a request, put in every problem response and in the log line of every
 * unexpected failure so that one can be found from the other. It is the current trace's
 * id when a tracer provides one (Micrometer Tracing), otherwise the trace id of the
 * request's W3C {@code traceparent} header, otherwise an id generated for the request;
 * either of the last two is kept in a request attribute, so that a filter, the controller
 * and the error page all report the same one.
 */
public class TraceIdResolver {

	/**
	 * Request attribute holding the id of a request without a current span (incoming or
	 * generated).
	 */
	public static final String REQUEST_ID_ATTRIBUTE = TraceIdResolver.class.getName() + ".requestId";

	private static final String TRACEPARENT = "traceparent";

	private final Supplier<String> currentTraceId;

	/**
	 * Create a resolver that always generates request ids.
	 */
	public TraceIdResolver() {
		this(() -> null);
	}

	/**
	 * Create a resolver that prefers the current trace's id.
	 * @param currentTraceId returns the id of the current trace, or {@code null} or an
	 * empty string when there is none
	 */
	public TraceIdResolver(Supplier<String> currentTraceId) {
		this.currentTraceId = currentTraceId;
	}

	/**
	 * Return the trace id of the request.
	 * @param request the request, or {@code null} for the one bound to the current thread
	 * @return the trace id, never {@code null}
	 */
	public String resolve(HttpServletRequest request) {
		String traceId = this.currentTraceId.get();
		if (isTraceId(traceId)) {
			return traceId;
		}
		HttpServletRequest target = (request != null) ? request : currentRequest();
		if (target == null) {
			return generate();
		}
		if (target.getAttribute(REQUEST_ID_ATTRIBUTE) instanceof String existing) {
			return existing;
		}
		String incoming = incomingTraceId(target.getHeader(TRACEPARENT));
		String id = (incoming != null) ? incoming : generate();
		target.setAttribute(REQUEST_ID_ATTRIBUTE, id);
		return id;
	}

	/**
	 * Return the trace id of a W3C {@code traceparent} header
	 * ({@code version-traceid-parentid-flags}), so that a request traced upstream keeps
	 * its trace's id where no span is made here.
	 * @param traceparent the header's value, or {@code null}
	 * @return the 32 lowercase hex digits of a valid, non-zero trace id, else
	 * {@code null}
	 */
	static String incomingTraceId(String traceparent) {
		// Version 00 is exactly 55 characters; a later version may append fields after a
		// dash.
		if (traceparent == null || traceparent.length() < 55 || traceparent.startsWith("ff")
				|| (traceparent.startsWith("00") ? traceparent.length() != 55
						: traceparent.length() > 55 && traceparent.charAt(55) != '-')
				|| traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-'
				|| !isLowerHex(traceparent, 0, 2) || !isLowerHex(traceparent, 3, 35) || !isLowerHex(traceparent, 36, 52)
				|| !isLowerHex(traceparent, 53, 55) || isZero(traceparent, 3, 35) || isZero(traceparent, 36, 52)) {
			return null;
		}
		return traceparent.substring(3, 35);
	}

	private static boolean isZero(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
				return false;
			}
		}
		return true;
	}

	// An invalid (all-zero) id is what a no-op span reports.
	private static boolean isTraceId(String traceId) {
		if (traceId == null) {
			return false;
		}
		for (int i = 0; i < traceId.length(); i++) {
			char c = traceId.charAt(i);
			if (c != '0' && !Character.isWhitespace(c)) {
				return true;
			}
		}
		return false;
	}

	static HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

	// 32 hex digits, the shape of a W3C trace id, so that logs look the same with or
	// without tracing.
	private static String generate() {
		UUID uuid = UUID.randomUUID();
		HexFormat hex = HexFormat.of();
		return hex.toHexDigits(uuid.getMostSignificantBits()) + hex.toHexDigits(uuid.getLeastSignificantBits());
	}

}
