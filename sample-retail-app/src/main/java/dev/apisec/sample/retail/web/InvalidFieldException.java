package dev.apisec.sample.retail.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request whose field refers to something that does not exist, e.g. an unknown product
 * in an order: a 400 problem naming the field, in the same shape as the starter's
 * validation problems.
 */
public class InvalidFieldException extends ErrorResponseException {

	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, problem(field, message), null);
	}

	private static ProblemDetail problem(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields.");
		problem.setType(URI.create("https://retail.example/problems/invalid-reference"));
		problem.setTitle("Invalid reference");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return problem;
	}

}
