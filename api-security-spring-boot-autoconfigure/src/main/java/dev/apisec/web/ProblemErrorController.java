package dev.apisec.web;

import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Renders errors that happen outside Spring MVC (a filter that throws, a
 * {@code sendError}, the container's own error pages) as problem responses, in place of
 * Spring Boot's {@code BasicErrorController}: the status's problem type and a fixed
 * detail, never the exception, its message or a stack trace, whatever
 * {@code server.error.*} says.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

	private static final Log logger = LogFactory.getLog(ProblemErrorController.class);

	private final ErrorAttributes errorAttributes;

	private final ProblemResponseWriter problems;

	private final TraceIdResolver traceIds;

	/**
	 * Create the controller.
	 * @param errorAttributes finds the exception of the failed request, may be
	 * {@code null}
	 * @param problems makes the problems from the catalogue
	 * @param traceIds resolves the trace id logged with unexpected exceptions
	 */
	public ProblemErrorController(ErrorAttributes errorAttributes, ProblemResponseWriter problems,
			TraceIdResolver traceIds) {
		this.errorAttributes = errorAttributes;
		this.problems = problems;
		this.traceIds = traceIds;
	}

	/**
	 * Answer an error dispatch.
	 * @param request the request
	 * @return the problem response
	 */
	@RequestMapping
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Throwable error = failure(request);
		int status = status(request, error);
		ProblemDetail problem;
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.find(error);
		if (tooLarge != null) {
			status = ProblemType.CONTENT_TOO_LARGE.getStatus();
			problem = this.problems.problem(ProblemType.CONTENT_TOO_LARGE,
					RequestBodyLimitFilter.detail(tooLarge.getLimit()));
		}
		else {
			problem = this.problems.problemForStatus(status);
		}
		// The path that failed, not the error page's.
		try {
			problem.setInstance(URI.create(originalUri(request)));
		}
		catch (IllegalArgumentException ex) {
			// Not a valid URI reference: leave instance out.
		}
		if (status >= 500 && error != null) {
			logger.error("Request " + request.getMethod() + " " + originalUri(request) + " failed with " + status
					+ " outside Spring MVC (traceId=" + this.traceIds.resolve(request) + ")", error);
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private Throwable failure(HttpServletRequest request) {
		Throwable error = (this.errorAttributes != null) ? this.errorAttributes.getError(new ServletWebRequest(request))
				: null;
		if (error == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
			error = thrown;
		}
		return error;
	}

	private static int status(HttpServletRequest request, Throwable error) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status && status >= 400) {
			return status;
		}
		// Not an error dispatch: the error page was asked for directly, and there is
		// nothing here.
		return (error == null && request.getDispatcherType() != DispatcherType.ERROR) ? 404 : 500;
	}

	private static String originalUri(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return (uri != null) ? uri.toString() : request.getRequestURI();
	}

}
