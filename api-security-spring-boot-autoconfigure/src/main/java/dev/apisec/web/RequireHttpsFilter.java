package dev.apisec.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Never serves a plain-HTTP request: GET and HEAD are redirected to the same URL over
 * HTTPS with 308, anything else is refused with 403 (a redirect would make the client
 * send its body and credentials in the clear twice).
 */
public class RequireHttpsFilter extends OncePerRequestFilter {

	private final RequestTransport transport;

	private final int httpsPort;

	private final ProblemResponseWriter problems;

	public RequireHttpsFilter(RequestTransport transport, int httpsPort, ProblemResponseWriter problems) {
		this.transport = transport;
		this.httpsPort = httpsPort;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.transport.isSecure(request)) {
			chain.doFilter(request, response);
			return;
		}
		String method = request.getMethod();
		if ("GET".equals(method) || "HEAD".equals(method)) {
			StringBuilder target = new StringBuilder("https://").append(request.getServerName());
			if (this.httpsPort != 443) {
				target.append(':').append(this.httpsPort);
			}
			target.append(request.getRequestURI());
			if (request.getQueryString() != null) {
				target.append('?').append(request.getQueryString());
			}
			response.setStatus(308);
			response.setHeader("Location", target.toString());
			return;
		}
		this.problems.write(request, response, ProblemType.HTTPS_REQUIRED, Map.of());
	}

}
