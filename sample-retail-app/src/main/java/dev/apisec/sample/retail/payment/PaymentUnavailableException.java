package dev.apisec.sample.retail.payment;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The payment service answered with a server error: the order cannot be paid now. The
 * starter renders it as a 503 problem (with its generic detail, as for every 5xx); the
 * order's transaction is rolled back.
 */
class PaymentUnavailableException extends ErrorResponseException {

	PaymentUnavailableException(String retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
		if (retryAfter != null && retryAfter.matches("\\d{1,5}")) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The payment service is unavailable.");
		problem.setType(URI.create("https://retail.example/problems/payment-unavailable"));
		problem.setTitle("Payment Unavailable");
		return problem;
	}

}
