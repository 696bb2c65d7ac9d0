package dev.apisec.sample.retail.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that cannot be carried out in the current state, e.g. too little stock: a 409
 * problem.
 */
public class ConflictException extends ErrorResponseException {

	public ConflictException(String detail) {
		super(HttpStatus.CONFLICT, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setType(URI.create("https://retail.example/problems/conflict"));
		problem.setTitle("Conflict");
		return problem;
	}

}
