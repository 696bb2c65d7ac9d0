package dev.apisec.web;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes RFC 9457 problem responses ({@code application/problem+json}) from the servlet
 * filter chain, where Spring MVC's exception handling does not reach. Writes only the
 * values it is given, plus the request's path as {@code instance} and its trace id:
 * callers pass fixed sentences, never exception messages or token content.
 */
public class ProblemResponseWriter {

	/** Media type of every problem response. */
	public static final String PROBLEM_JSON = "application/problem+json";

	/** Prefix of the stable problem type URIs documented in docs/input-and-errors.md. */
	public static final String TYPE_PREFIX = "https://apisec.dev/problems/";

	/** Name of the problem property that holds the request's trace id. */
	public static final String TRACE_ID = "traceId";

	private final JsonFactory jsonFactory = new JsonFactory();

	private final TraceIdResolver traceIds;

	/**
	 * Create a writer whose trace ids are generated per request.
	 */
	public ProblemResponseWriter() {
		this(new TraceIdResolver());
	}

	/**
	 * Create a writer.
	 * @param traceIds resolves the trace id of a request
	 */
	public ProblemResponseWriter(TraceIdResolver traceIds) {
		this.traceIds = traceIds;
	}

	/**
	 * Write a problem response unless the response is already committed.
	 * @param request the request, or {@code null} for the one bound to the current thread
	 * @param response the response
	 * @param status the HTTP status
	 * @param type the problem type name, appended to {@link #TYPE_PREFIX}
	 * @param title a short summary of the problem type
	 * @param detail an explanation of this occurrence, safe to show to the client
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
			String detail, Map<String, String> headers) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		HttpServletRequest target = (request != null) ? request : TraceIdResolver.currentRequest();
		String traceId = this.traceIds.resolve(target);
		response.resetBuffer();
		response.setStatus(status);
		headers.forEach(response::setHeader);
		response.setContentType(PROBLEM_JSON);
		try (JsonGenerator json = this.jsonFactory.createGenerator(response.getOutputStream())) {
			json.writeStartObject();
			json.writeStringField("type", TYPE_PREFIX + type);
			json.writeStringField("title", title);
			json.writeNumberField("status", status);
			if (detail != null) {
				json.writeStringField("detail", detail);
			}
			String path = (target != null) ? target.getRequestURI() : null;
			if (path != null) {
				// The request path, as Spring MVC puts it in the problems it writes.
				json.writeStringField("instance", path);
			}
			json.writeStringField(TRACE_ID, traceId);
			json.writeEndObject();
		}
	}

	/**
	 * Write a problem response for the request bound to the current thread unless the
	 * response is already committed.
	 * @param response the response
	 * @param status the HTTP status
	 * @param type the problem type name, appended to {@link #TYPE_PREFIX}
	 * @param title a short summary of the problem type
	 * @param detail an explanation of this occurrence, safe to show to the client
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	public void write(HttpServletResponse response, int status, String type, String title, String detail,
			Map<String, String> headers) throws IOException {
		write(null, response, status, type, title, detail, headers);
	}

	/**
	 * Write a problem response of a type unless the response is already committed.
	 * @param request the request
	 * @param response the response
	 * @param type the problem type
	 * @param detail an explanation of this occurrence, safe to show to the client
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail,
			Map<String, String> headers) throws IOException {
		write(request, response, type.getStatus(), type.getName(), type.getTitle(), detail, headers);
	}

}
