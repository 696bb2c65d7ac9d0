package dev.apisec.web;

/**
 * The catalogue of problem types the starter emits. Each has a stable name that clients
 * may switch on; its URI is the configured base ({@code apisec.problems.type-base}) with
 * the name appended. docs/problems.md lists them all.
 */
public enum ProblemType {

	/**
	 * The request body is not well-formed JSON, or has content after the JSON value.
	 */
	MALFORMED_JSON("malformed-json", 400, "Malformed JSON", "The request body is not well-formed JSON."),

	/**
	 * The request body is missing or cannot be read.
	 */
	UNREADABLE_BODY("unreadable-body", 400, "Unreadable request body", "The request body cannot be read."),

	/**
	 * The JSON body has a property the target type does not declare (mass assignment).
	 */
	UNKNOWN_PROPERTY("unknown-property", 400, "Unknown property",
			"The request body has a property that is not accepted."),

	/**
	 * The JSON body has the same property twice in one object.
	 */
	DUPLICATE_PROPERTY("duplicate-property", 400, "Duplicate property",
			"The request body has a property more than once in the same object."),

	/**
	 * The JSON body is nested too deeply, or has a string or number that is too long.
	 */
	JSON_LIMIT_EXCEEDED("json-limit-exceeded", 400, "JSON limit exceeded", "The request body exceeds a JSON limit."),

	/**
	 * A value has the wrong type or format (a string for a number, an unparseable date).
	 */
	INVALID_VALUE("invalid-value", 400, "Invalid value", "The request has a value of the wrong type or format."),

	/**
	 * Bean Validation refused fields or parameters.
	 */
	VALIDATION_FAILED("validation-failed", 400, "Validation failed", "The request has invalid fields."),

	/**
	 * A required parameter, header, cookie or part is missing.
	 */
	MISSING_PARAMETER("missing-parameter", 400, "Missing parameter", "A required request parameter is missing."),

	/**
	 * Any other bad request.
	 */
	BAD_REQUEST("bad-request", 400, "Bad Request", "The request is not valid.", true),

	/**
	 * No credentials on a protected path.
	 */
	UNAUTHORIZED("unauthorized", 401, "Unauthorized", "Authentication is required to access this resource.", true),

	/**
	 * A bearer token was refused.
	 */
	INVALID_TOKEN("invalid-token", 401, "Invalid access token", "The access token is invalid."),

	/**
	 * An API key was refused: unknown, disabled, expired or not yet valid, which the
	 * response does not tell apart.
	 */
	INVALID_API_KEY("invalid-api-key", 401, "Invalid API key", "The API key is invalid."),

	/**
	 * A request carries both an API key and an Authorization header.
	 */
	AMBIGUOUS_CREDENTIALS("ambiguous-credentials", 400, "Ambiguous credentials",
			"Send either an API key or an Authorization header, not both."),

	/**
	 * A TLS client certificate was refused by the application: expired or revoked.
	 */
	INVALID_CLIENT_CERTIFICATE("invalid-client-certificate", 401, "Invalid client certificate",
			"The client certificate is not accepted."),

	/**
	 * Authenticated by TLS, but the client certificate is not one of the known clients.
	 */
	UNKNOWN_CLIENT_CERTIFICATE("unknown-client-certificate", 403, "Unknown client certificate",
			"The client certificate is not registered for this API."),

	/**
	 * Authenticated, but not allowed.
	 */
	ACCESS_DENIED("access-denied", 403, "Forbidden", "The caller is not allowed to access this resource.", true),

	/**
	 * Nothing exists at the path.
	 */
	NOT_FOUND("not-found", 404, "Not Found", "No resource exists at this path.", true),

	/**
	 * The resource does not support the method; the Allow header lists those it does.
	 */
	METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method Not Allowed", "The resource does not support this method.",
			true),

	/**
	 * None of the media types the Accept header asks for can be produced.
	 */
	NOT_ACCEPTABLE("not-acceptable", 406, "Not Acceptable",
			"None of the media types in the Accept header can be produced.", true),

	/**
	 * A plain-HTTP request to an API that is only served over HTTPS (methods other than
	 * GET and HEAD, which are redirected).
	 */
	HTTPS_REQUIRED("https-required", 403, "HTTPS Required", "This API is only served over HTTPS."),

	/**
	 * A cross-origin request or preflight from an origin no CORS mapping allows.
	 */
	CORS_REJECTED("cors-rejected", 403, "Forbidden", "This cross-origin request is not allowed."),

	/**
	 * An IP or country rule refused the client.
	 */
	ADDRESS_DENIED("address-denied", 403, "Forbidden", "Requests from this network are not allowed here."),

	/**
	 * A deprecated API after its enforced sunset.
	 */
	GONE("gone", 410, "Gone", "This API version was retired."),

	/**
	 * The request body is larger than the limit.
	 */
	CONTENT_TOO_LARGE("content-too-large", 413, "Content Too Large", "The request body is too large.", true),

	/**
	 * The request's Content-Type is not supported; the Accept header lists those that
	 * are.
	 */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported Media Type",
			"The Content-Type of the request is not supported.", true),

	/**
	 * A rate-limit policy refused the request.
	 */
	RATE_LIMITED("rate-limited", 429, "Too Many Requests", "Too many requests; retry later.", true),

	/**
	 * An unexpected failure; the details are logged with the trace id, never returned.
	 */
	INTERNAL_ERROR("internal-error", 500, "Internal Server Error",
			"The server failed to process the request; quote the trace id when reporting it.", true),

	/**
	 * The call of a downstream service failed.
	 */
	DOWNSTREAM_IO_ERROR("downstream-io-error", 502, "Bad Gateway", "The call of a downstream service failed."),

	/**
	 * A downstream service answered with a status or a body the application did not
	 * handle.
	 */
	DOWNSTREAM_BAD_RESPONSE("downstream-bad-response", 502, "Bad Gateway",
			"A downstream service gave an unexpected answer."),

	/**
	 * The server cannot answer right now, e.g. an asynchronous request timed out.
	 */
	SERVICE_UNAVAILABLE("service-unavailable", 503, "Service Unavailable",
			"The service cannot process the request right now.", true),

	/**
	 * The rate-limit backend cannot decide and refusing was configured.
	 */
	RATE_LIMIT_UNAVAILABLE("rate-limit-unavailable", 503, "Service Unavailable",
			"Rate limits cannot be checked right now."),

	/**
	 * The keys needed to verify access tokens were never obtained.
	 */
	KEYS_UNAVAILABLE("keys-unavailable", 503, "Service Unavailable",
			"The keys needed to verify the access token cannot be obtained right now."),

	/**
	 * A downstream service's circuit breaker is open.
	 */
	DOWNSTREAM_CIRCUIT_OPEN("downstream-circuit-open", 503, "Service Unavailable",
			"A downstream service is unavailable."),

	/**
	 * Too many calls of a downstream service are in flight.
	 */
	DOWNSTREAM_BULKHEAD_FULL("downstream-bulkhead-full", 503, "Service Unavailable", "A downstream service is busy."),

	/**
	 * A downstream service refused the connection.
	 */
	DOWNSTREAM_UNAVAILABLE("downstream-unavailable", 503, "Service Unavailable",
			"A downstream service is unavailable."),

	/**
	 * A downstream service did not answer in time.
	 */
	DOWNSTREAM_TIMEOUT("downstream-timeout", 504, "Gateway Timeout", "A downstream service did not answer in time.");

	private final String name;

	private final int status;

	private final String title;

	private final String defaultDetail;

	private final boolean statusDefault;

	ProblemType(String name, int status, String title, String defaultDetail) {
		this(name, status, title, defaultDetail, false);
	}

	ProblemType(String name, int status, String title, String defaultDetail, boolean statusDefault) {
		this.name = name;
		this.status = status;
		this.title = title;
		this.defaultDetail = defaultDetail;
		this.statusDefault = statusDefault;
	}

	/**
	 * Return the type's name, appended to the type base for its URI, e.g.
	 * {@code unknown-property}.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the HTTP status of problems of this type.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the title, the same for every problem of this type.
	 * @return the title
	 */
	public String getTitle() {
		return this.title;
	}

	/**
	 * Return the detail used when an occurrence has nothing more specific to say.
	 * @return the default detail
	 */
	public String getDefaultDetail() {
		return this.defaultDetail;
	}

	/**
	 * Return the type that stands for a status when nothing more specific is known, or
	 * {@code null} if the status has none of its own.
	 * @param status the HTTP status
	 * @return the type or {@code null}
	 */
	public static ProblemType forStatus(int status) {
		for (ProblemType type : values()) {
			if (type.statusDefault && type.status == status) {
				return type;
			}
		}
		return null;
	}

}
