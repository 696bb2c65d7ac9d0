package dev.apisec.sample.retail.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A resource that does not exist, or that the caller may not know exists. The starter
 * renders it as a 404 problem.
 */
public class NotFoundException extends ErrorResponseException {

	public NotFoundException(String resource, Object id) {
		super(HttpStatus.NOT_FOUND, problem(), null);
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "The resource does not exist.");
		problem.setType(URI.create("https://retail.example/problems/not-found"));
		problem.setTitle("Not Found");
		return problem;
	}

}
