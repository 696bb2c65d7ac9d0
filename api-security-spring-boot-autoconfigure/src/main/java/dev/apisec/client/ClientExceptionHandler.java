package dev.apisec.client;

import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed client call the application did not handle: 503 with
 * {@code Retry-After} when the downstream is unavailable (circuit open, bulkhead full,
 * connection refused), 504 on a timeout, 502 otherwise, including an answer of the
 * downstream the caller did not handle (the {@link ClientCallException} is then in the
 * cause chain of Spring's exception, where Spring MVC matches it too). The client's name
 * is given; the downstream's address, its answer and the exception are not, and nothing
 * is logged but one line for an unexpected answer.
 * <p>
 * Ordered last, as the application's advice is by default: Spring MVC asks the advices in
 * order and each also about the causes, so an earlier one would take Spring's exceptions
 * from the application's handlers. Of equal order, the application's beans come first,
 * and {@link ClientAutoConfiguration} runs before the problem responses' catch-all
 * advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ClientExceptionHandler {

	private static final Log logger = LogFactory.getLog(ClientExceptionHandler.class);

	private final ProblemResponseWriter problems;

	ClientExceptionHandler(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@ExceptionHandler(ClientCallException.class)
	ResponseEntity<ProblemDetail> clientCallFailed(ClientCallException ex) {
		ProblemDetail problem = switch (ex.getKind()) {
			case CIRCUIT_OPEN -> this.problems.problem(ProblemType.DOWNSTREAM_CIRCUIT_OPEN,
					"The '" + ex.getClient() + "' service is unavailable (circuit open).");
			case BULKHEAD_FULL -> this.problems.problem(ProblemType.DOWNSTREAM_BULKHEAD_FULL,
					"The '" + ex.getClient() + "' service is busy.");
			case UNAVAILABLE -> this.problems.problem(ProblemType.DOWNSTREAM_UNAVAILABLE,
					"The '" + ex.getClient() + "' service is unavailable.");
			case TIMEOUT -> this.problems.problem(ProblemType.DOWNSTREAM_TIMEOUT,
					"The '" + ex.getClient() + "' service did not answer in time.");
			case IO_ERROR -> this.problems.problem(ProblemType.DOWNSTREAM_IO_ERROR,
					"The call of the '" + ex.getClient() + "' service failed.");
			case BAD_RESPONSE -> this.problems.problem(ProblemType.DOWNSTREAM_BAD_RESPONSE,
					"The '" + ex.getClient() + "' service gave an unexpected answer.");
		};
		if (ex.getKind() == ClientCallException.Kind.BAD_RESPONSE && logger.isWarnEnabled()) {
			// The message says the client and the status or content type, never the body.
			logger.warn(ex.getMessage() + "; answered " + problem.getStatus());
		}
		HttpHeaders headers = new HttpHeaders();
		if (ex.getRetryAfter() != null && problem.getStatus() == 503) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.getRetryAfter().toSeconds())));
		}
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
