package dev.apisec.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every exception that reaches Spring MVC's exception handling into an RFC 9457
 * problem response with a stable type from {@link ProblemType}, a fixed detail, and for
 * bad input an {@code errors} list of {@code {field, message}} that never repeats the
 * rejected value (built by {@code RequestBodyProblems}). An unexpected exception becomes
 * a generic 500; its details are logged with the trace id, never returned.
 * <p>
 * Ordered last, so that the application's own advice handles its own exceptions first.
 * Spring Security's exceptions are left to Spring Security (401, 403), and an exception
 * annotated with {@link ResponseStatus} keeps its status.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemExceptionHandler.class);

	private static final String[] SECURITY_EXCEPTIONS = { "org.springframework.security.access.AccessDeniedException",
			"org.springframework.security.core.AuthenticationException" };

	private final ProblemResponseWriter problems;

	private final RequestBodyProblems requestBodyProblems;

	private final TraceIdResolver traceIds;

	/**
	 * Create a handler.
	 * @param problems makes the problems from the catalogue
	 * @param traceIds resolves the trace id logged with unexpected exceptions
	 */
	public ProblemExceptionHandler(ProblemResponseWriter problems, TraceIdResolver traceIds) {
		this.problems = problems;
		this.requestBodyProblems = new RequestBodyProblems(problems);
		this.traceIds = traceIds;
	}

	/**
	 * A body that passed the size limit while the application read it.
	 * @param ex the exception
	 * @param request the request
	 * @return the 413 response
	 */
	@ExceptionHandler(RequestBodyTooLargeException.class)
	public ResponseEntity<Object> handleRequestBodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
		return respond(ex,
				this.problems.problem(ProblemType.CONTENT_TOO_LARGE, RequestBodyLimitFilter.detail(ex.getLimit())),
				HttpHeaders.EMPTY, request);
	}

	/**
	 * Any other exception: its {@link ResponseStatus}, else 500.
	 * @param ex the exception
	 * @param request the request
	 * @return the response, or {@code null} when the client has gone away
	 * @throws Exception a Spring Security exception, rethrown for Spring Security to
	 * answer
	 */
	@ExceptionHandler(Exception.class)
	public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) throws Exception {
		if (isSecurityException(ex)) {
			// Rethrowing the same exception lets it reach ExceptionTranslationFilter,
			// unlogged.
			throw ex;
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// Nobody to answer, and nothing for operators to fix.
			if (logger.isDebugEnabled()) {
				logger.debug("Client of " + requestLine(request) + " went away: " + ex);
			}
			return null;
		}
		ResponseStatus responseStatus = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
		if (responseStatus != null) {
			int status = responseStatus.code().value();
			ProblemDetail problem = this.problems.problemForStatus(status);
			if (status < 500 && StringUtils.hasText(responseStatus.reason())) {
				problem.setDetail(responseStatus.reason());
			}
			return respond(ex, problem, HttpHeaders.EMPTY, request);
		}
		return respond(ex, this.problems.problem(ProblemType.INTERNAL_ERROR), HttpHeaders.EMPTY, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		return respond(ex, describe(ex, statusCode), headers, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		return ResponseEntity.status(statusCode)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	private ResponseEntity<Object> respond(Exception ex, ProblemDetail problem, HttpHeaders headers,
			WebRequest request) {
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		if (status.value() == 500) {
			logger.error("Request " + requestLine(request) + " failed with 500 (traceId="
					+ this.traceIds.resolve(servletRequest(request)) + ")", ex);
		}
		else if (status.is5xxServerError()) {
			logger.warn("Request " + requestLine(request) + " answered with " + status.value() + " (traceId="
					+ this.traceIds.resolve(servletRequest(request)) + "): " + ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Request " + requestLine(request) + " answered with " + status.value() + ": " + ex);
		}
		return super.handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * Return the problem for an exception Spring MVC knows.
	 * @param ex the exception
	 * @param statusCode the status Spring MVC chose
	 * @return the problem
	 */
	protected ProblemDetail describe(Exception ex, HttpStatusCode statusCode) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.find(ex);
		if (tooLarge != null) {
			return this.problems.problem(ProblemType.CONTENT_TOO_LARGE,
					RequestBodyLimitFilter.detail(tooLarge.getLimit()));
		}
		if (ex instanceof HttpMessageNotReadableException unreadable) {
			return this.requestBodyProblems.describe(unreadable);
		}
		if (ex instanceof MethodArgumentNotValidException invalid) {
			return this.requestBodyProblems.describe(invalid.getBindingResult());
		}
		if (ex instanceof HandlerMethodValidationException invalid && statusCode.is4xxClientError()) {
			return this.requestBodyProblems.describe(invalid);
		}
		if (ex instanceof TypeMismatchException mismatch && !(ex instanceof ConversionNotSupportedException)) {
			return this.requestBodyProblems.describe(mismatch);
		}
		ProblemDetail missing = statusCode.is4xxClientError() ? this.requestBodyProblems.missingParameter(ex) : null;
		if (missing != null) {
			return missing;
		}
		if (ex instanceof HttpRequestMethodNotSupportedException) {
			return this.problems.problem(ProblemType.METHOD_NOT_ALLOWED);
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return this.problems.problem(ProblemType.UNSUPPORTED_MEDIA_TYPE);
		}
		if (ex instanceof HttpMediaTypeNotAcceptableException) {
			return this.problems.problem(ProblemType.NOT_ACCEPTABLE);
		}
		if (ex instanceof NoHandlerFoundException || ex instanceof NoResourceFoundException) {
			return this.problems.problem(ProblemType.NOT_FOUND);
		}
		if (ex instanceof MaxUploadSizeExceededException) {
			return this.problems.problem(ProblemType.CONTENT_TOO_LARGE);
		}
		if (ex instanceof AsyncRequestTimeoutException) {
			return this.problems.problem(ProblemType.SERVICE_UNAVAILABLE);
		}
		if (ex instanceof ErrorResponse errorResponse && isApplicationErrorResponse(ex)) {
			return applicationProblem(errorResponse.getBody(), statusCode);
		}
		return this.problems.problemForStatus(statusCode.value());
	}

	// ResponseStatusException and ErrorResponseException thrown by the application: its
	// type, title and 4xx detail were chosen for the client and are kept.
	private static boolean isApplicationErrorResponse(Exception ex) {
		return !ex.getClass().getName().startsWith("org.springframework.web.")
				|| ex.getClass() == ResponseStatusException.class || ex.getClass() == ErrorResponseException.class;
	}

	private ProblemDetail applicationProblem(ProblemDetail body, HttpStatusCode statusCode) {
		ProblemDetail fallback = this.problems.problemForStatus(statusCode.value());
		ProblemDetail problem = ProblemDetail.forStatus(statusCode);
		URI type = body.getType();
		boolean typed = type != null && !"about:blank".equals(type.toString());
		problem.setType(typed ? type : fallback.getType());
		problem.setTitle((typed && body.getTitle() != null) ? body.getTitle() : fallback.getTitle());
		problem.setDetail((statusCode.is4xxClientError() && StringUtils.hasText(body.getDetail())) ? body.getDetail()
				: fallback.getDetail());
		problem.setInstance(body.getInstance());
		if (body.getProperties() != null) {
			body.getProperties().forEach(problem::setProperty);
		}
		return problem;
	}

	private static boolean isSecurityException(Throwable ex) {
		for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
			for (String name : SECURITY_EXCEPTIONS) {
				if (type.getName().equals(name)) {
					return true;
				}
			}
		}
		return false;
	}

	private static HttpServletRequest servletRequest(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
	}

	private static String requestLine(WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		return (servletRequest != null) ? servletRequest.getMethod() + " " + servletRequest.getRequestURI()
				: request.getDescription(false);
	}

}
