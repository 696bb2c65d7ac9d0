package dev.apisec.apikey;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry an API key in the configured header; requests without
 * one pass untouched. Reads only that header: never the query string, a form field or a
 * cookie. A client address with too many recent failures gets 429 before any lookup; every
 * refused key gets the same 401, whatever the reason; a request that also carries an
 * {@code Authorization} header gets 400, since it is unclear whose request it is.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final String header;

	private final ApiKeyVerifier verifier;

	private final ApiKeyFailureLimiter failureLimiter;

	private final ClientAddressResolver clientAddresses;

	private final ProblemResponseWriter problems;

	private final String challenge;

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	ApiKeyAuthenticationFilter(String header, ApiKeyVerifier verifier, ApiKeyFailureLimiter failureLimiter,
			ClientAddressResolver clientAddresses, ProblemResponseWriter problems) {
		this.header = header;
		this.verifier = verifier;
		this.failureLimiter = failureLimiter;
		this.clientAddresses = clientAddresses;
		this.problems = problems;
		this.challenge = "ApiKey header=\"" + header + "\"";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(this.header);
		if (presented == null) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			this.problems.write(request, response, ProblemType.AMBIGUOUS_CREDENTIALS,
					ProblemType.AMBIGUOUS_CREDENTIALS.getDefaultDetail(), Map.of());
			return;
		}
		String client = this.clientAddresses.resolve(request);
		Duration wait = this.failureLimiter.waitBeforeAttempt(client);
		if (!wait.isZero()) {
			long seconds = Math.max(1, wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0));
			this.problems.write(request, response, ProblemType.RATE_LIMITED,
					"Too many failed API-key attempts from this address; retry later.",
					Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
			return;
		}
		// Several values of the header: refused like an invalid key, after the same work.
		boolean single = Collections.list(request.getHeaders(this.header)).size() == 1;
		Optional<ApiKey> key = this.verifier.verify(presented).filter((accepted) -> single);
		if (key.isEmpty()) {
			this.failureLimiter.recordFailure(client);
			this.problems.write(request, response, ProblemType.INVALID_API_KEY,
					ProblemType.INVALID_API_KEY.getDefaultDetail(), Map.of(HttpHeaders.WWW_AUTHENTICATE, this.challenge));
			return;
		}
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(key.get()));
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

}
