package dev.apisec.web;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes RFC 9457 problem responses ({@code application/problem+json}) from the servlet
 * filter chain, where Spring MVC's exception handling does not reach. Writes only the
 * values it is given: callers pass fixed sentences, never exception messages or token
 * content.
 */
public class ProblemResponseWriter {

	/** Media type of every problem response. */
	public static final String PROBLEM_JSON = "application/problem+json";

	/** Prefix of the stable problem type URIs documented in docs/problems.md. */
	public static final String TYPE_PREFIX = "https://apisec.dev/problems/";

	private final JsonFactory jsonFactory = new JsonFactory();

	/**
	 * Write a problem response unless the response is already committed.
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
		if (response.isCommitted()) {
			return;
		}
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
			json.writeEndObject();
		}
	}

}
