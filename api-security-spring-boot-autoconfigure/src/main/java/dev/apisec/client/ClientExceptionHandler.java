package dev.apisec.client;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed client call the application did not handle: 503 with
 * {@code Retry-After} when the downstream is unavailable (circuit open, bulkhead full,
 * connection refused), 504 on a timeout, 502 otherwise. The client's name is given; the
 * downstream's address and the exception are not.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class ClientExceptionHandler {

	@ExceptionHandler(ClientCallException.class)
	ResponseEntity<ProblemDetail> clientCallFailed(ClientCallException ex) {
		HttpStatus status = HttpStatus.valueOf(ex.getKind().status());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, switch (ex.getKind()) {
			case CIRCUIT_OPEN -> "The '" + ex.getClient() + "' service is unavailable (circuit open).";
			case BULKHEAD_FULL -> "The '" + ex.getClient() + "' service is busy.";
			case UNAVAILABLE -> "The '" + ex.getClient() + "' service is unavailable.";
			case TIMEOUT -> "The '" + ex.getClient() + "' service did not answer in time.";
			case IO_ERROR -> "The call of the '" + ex.getClient() + "' service failed.";
		});
		problem.setType(URI.create("https://apisec.dev/problems/downstream-"
				+ ex.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
		problem.setTitle(status.getReasonPhrase());
		HttpHeaders headers = new HttpHeaders();
		if (ex.getRetryAfter() != null && status == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.getRetryAfter().toSeconds())));
		}
		return ResponseEntity.status(status).headers(headers).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
