package dev.apisec.resource;

import java.io.IOException;
import java.util.Map;

import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers GET and HEAD of the metadata path with the document, serialized once, public
 * and cacheable; other methods get 405. The request does not reach Spring Security: the
 * document is public by definition, and nothing else is answered here.
 */
final class ProtectedResourceMetadataFilter extends OncePerRequestFilter {

	private final ProtectedResourceMetadata metadata;

	private final String cacheControl;

	private final ProblemResponseWriter problems;

	ProtectedResourceMetadataFilter(ProtectedResourceMetadata metadata, ProblemResponseWriter problems) {
		this.metadata = metadata;
		this.cacheControl = "public, max-age=" + metadata.getCacheMaxAge().toSeconds();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.metadata.getPath().equals(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			this.problems.write(request, response, ProblemType.METHOD_NOT_ALLOWED, Map.of("Allow", "GET, HEAD"));
			return;
		}
		byte[] json = this.metadata.json();
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		// Replaces the security headers' no-store: this document is meant to be cached.
		response.setHeader("Cache-Control", this.cacheControl);
		response.setContentLength(json.length);
		if ("GET".equals(method)) {
			response.getOutputStream().write(json);
		}
	}

}
