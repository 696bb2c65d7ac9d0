package dev.apisec.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request the firewall refuses with the 400 problem response, written at once.
 * Spring Security's default handler sends an error for the error page to render, which
 * works for every method but {@code TRACE}: the servlet answers the error dispatch of a
 * {@code TRACE} request itself, with an empty body.
 */
final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	private final ProblemResponseWriter problems;

	ProblemRequestRejectedHandler(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		this.problems.write(request, response, ProblemType.BAD_REQUEST, Map.of());
	}

}
