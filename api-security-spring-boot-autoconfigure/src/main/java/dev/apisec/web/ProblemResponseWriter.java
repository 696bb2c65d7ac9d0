package dev.apisec.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.apisec.support.ApiSecConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Makes every RFC 9457 problem the starter emits from the {@link ProblemType} catalogue,
 * with type URIs under one configured base, and writes problem responses
 * ({@code application/problem+json}) from the servlet filter chain, where Spring MVC's
 * exception handling does not reach. Writes only the values it is given, plus the
 * request's path as {@code instance} and its trace id: callers pass fixed sentences,
 * never exception messages or token content.
 */
public class ProblemResponseWriter {

	/** Media type of every problem response. */
	public static final String PROBLEM_JSON = "application/problem+json";

	/** Name of the problem property that holds the request's trace id. */
	public static final String TRACE_ID = "traceId";

	private static final String TYPE_BASE_PROPERTY = "apisec.problems.type-base";

	private final JsonFactory jsonFactory = new JsonFactory();

	private final String typeBase;

	private final Map<ProblemType, URI> typeUris = new EnumMap<>(ProblemType.class);

	private final TraceIdResolver traceIds;

	/**
	 * Create a writer with the default type base whose trace ids are generated per
	 * request.
	 */
	public ProblemResponseWriter() {
		this(ProblemsProperties.DEFAULT_TYPE_BASE, new TraceIdResolver());
	}

	/**
	 * Create a writer.
	 * @param typeBase the base of the problem type URIs, an absolute URI ending in
	 * {@code /} or {@code :}
	 * @param traceIds resolves the trace id of a request
	 * @throws ApiSecConfigurationException if the base is not such a URI
	 */
	public ProblemResponseWriter(String typeBase, TraceIdResolver traceIds) {
		this.typeBase = checkedTypeBase(typeBase);
		this.traceIds = traceIds;
		for (ProblemType type : ProblemType.values()) {
			this.typeUris.put(type, URI.create(this.typeBase + type.getName()));
		}
	}

	private static String checkedTypeBase(String typeBase) {
		String fix = "Set " + TYPE_BASE_PROPERTY + " to an absolute URI ending in '/' or ':', "
				+ "for example https://api.example.com/problems/, or remove it for the default "
				+ ProblemsProperties.DEFAULT_TYPE_BASE;
		if (typeBase == null || typeBase.isBlank()) {
			throw new ApiSecConfigurationException(TYPE_BASE_PROPERTY, "the base of the problem type URIs is empty",
					fix);
		}
		if (!typeBase.endsWith("/") && !typeBase.endsWith(":")) {
			throw new ApiSecConfigurationException(TYPE_BASE_PROPERTY,
					"'" + typeBase + "' does not end in '/' or ':', so type names would run into it", fix);
		}
		URI uri;
		try {
			uri = new URI(typeBase + "x");
		}
		catch (URISyntaxException ex) {
			throw new ApiSecConfigurationException(TYPE_BASE_PROPERTY, "'" + typeBase + "' is not a valid URI", fix);
		}
		if (!uri.isAbsolute() || uri.getRawFragment() != null || uri.getRawQuery() != null) {
			throw new ApiSecConfigurationException(TYPE_BASE_PROPERTY,
					"'" + typeBase + "' is not an absolute URI without query or fragment", fix);
		}
		return typeBase;
	}

	/**
	 * Return the URI of a problem type: the type base with the type's name appended.
	 * @param type the problem type
	 * @return the URI
	 */
	public URI typeUri(ProblemType type) {
		return this.typeUris.get(type);
	}

	/**
	 * Return a problem of a type with the type's default detail.
	 * @param type the problem type
	 * @return a new problem
	 */
	public ProblemDetail problem(ProblemType type) {
		return problem(type, type.getDefaultDetail());
	}

	/**
	 * Return a problem of a type.
	 * @param type the problem type
	 * @param detail an explanation of this occurrence, safe to show to the client
	 * @return a new problem
	 */
	public ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatus(type.getStatus());
		problem.setType(typeUri(type));
		problem.setTitle(type.getTitle());
		problem.setDetail(detail);
		return problem;
	}

	/**
	 * Return a problem for a status when nothing more specific is known: the status's own
	 * type ({@link ProblemType#forStatus(int)}), else a type named after the reason
	 * phrase ({@code 409}: {@code conflict}), else {@code http-<status>}.
	 * @param status the HTTP status
	 * @return a new problem
	 */
	public ProblemDetail problemForStatus(int status) {
		ProblemType type = ProblemType.forStatus(status);
		if (type != null) {
			return problem(type);
		}
		HttpStatus known = HttpStatus.resolve(status);
		ProblemDetail problem = ProblemDetail.forStatus(status);
		String name = (known != null) ? slug(known.getReasonPhrase()) : "http-" + status;
		problem.setType(URI.create(this.typeBase + name));
		problem.setTitle((known != null) ? known.getReasonPhrase() : "HTTP " + status);
		problem.setDetail((status >= 500) ? "The server failed to process the request."
				: "The request failed with status " + status + ".");
		return problem;
	}

	private static String slug(String reasonPhrase) {
		return reasonPhrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
	}

	/**
	 * Write a problem response of a type unless the response is already committed.
	 * @param request the request, or {@code null} for the one bound to the current thread
	 * @param response the response
	 * @param type the problem type
	 * @param detail an explanation of this occurrence, safe to show to the client
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail,
			Map<String, String> headers) throws IOException {
		write(request, response, type.getStatus(), typeUri(type), type.getTitle(), detail, headers);
	}

	/**
	 * Write a problem response of a type with the type's default detail unless the
	 * response is already committed.
	 * @param request the request, or {@code null} for the one bound to the current thread
	 * @param response the response
	 * @param type the problem type
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type,
			Map<String, String> headers) throws IOException {
		write(request, response, type, type.getDefaultDetail(), headers);
	}

	/**
	 * Write a problem made by this writer ({@link #problem(ProblemType, String)},
	 * {@link #problemForStatus(int)}) unless the response is already committed. Only the
	 * problem's type, title, status and detail are written.
	 * @param request the request, or {@code null} for the one bound to the current thread
	 * @param response the response
	 * @param problem the problem
	 * @param headers extra response headers
	 * @throws IOException on a write failure
	 */
	void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			Map<String, String> headers) throws IOException {
		write(request, response, problem.getStatus(), problem.getType(), problem.getTitle(), problem.getDetail(),
				headers);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, int status, URI type, String title,
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
			json.writeStringField("type", type.toString());
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

}
