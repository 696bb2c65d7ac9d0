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
 * unexpected failure so that one can be found from the other. It is the current trace's id
 * when a tracer provides one (Micrometer Tracing), otherwise an id generated once per request
 * and kept in a request attribute, so that a filter, the controller and the error page all
 * report the same one.
 */
public class TraceIdResolver {

	/** Request attribute holding the generated id of a request that has no trace. */
	public static final String REQUEST_ID_ATTRIBUTE = TraceIdResolver.class.getName() + ".requestId";

	private final Supplier<String> currentTraceId;

	/**
	 * Create a resolver that always generates request ids.
	 */
	public TraceIdResolver() {
		this(() -> null);
	}

	/**
	 * Create a resolver that prefers the current trace's id.
	 * @param currentTraceId returns the id of the current trace, or {@code null} or an empty
	 * string when there is none
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
		String generated = generate();
		target.setAttribute(REQUEST_ID_ATTRIBUTE, generated);
		return generated;
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

	// 32 hex digits, the shape of a W3C trace id, so that logs look the same with or without tracing.
	private static String generate() {
		UUID uuid = UUID.randomUUID();
		HexFormat hex = HexFormat.of();
		return hex.toHexDigits(uuid.getMostSignificantBits()) + hex.toHexDigits(uuid.getLeastSignificantBits());
	}

}
