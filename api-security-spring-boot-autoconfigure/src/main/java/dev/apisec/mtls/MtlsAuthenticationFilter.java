package dev.apisec.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the caller by the TLS client certificate the container verified
 * ({@code jakarta.servlet.request.X509Certificate}). The handshake already refused
 * certificates of untrusted issuers and expired ones; this filter checks expiry again and
 * revocation, then maps the certificate's principal to a known client: a listed client is
 * authenticated with its roles, an unlisted one gets 403 {@code unknown-client-certificate}.
 * A certificate that names nobody (no CN, two CNs) leaves the request unauthenticated.
 * Requests with a bearer token are authenticated by the token; their certificate is only
 * checked for expiry and revocation, and may bind the token.
 */
public class MtlsAuthenticationFilter extends OncePerRequestFilter {

	/** The servlet request attribute holding the verified client certificate chain. */
	public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private final MtlsPrincipalSource principalSource;

	private final MtlsClients clients;

	private final CertificateRevocationList revocationList;

	private final ProblemResponseWriter problems;

	private final Clock clock;

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	public MtlsAuthenticationFilter(MtlsPrincipalSource principalSource, MtlsClients clients,
			CertificateRevocationList revocationList, ProblemResponseWriter problems, Clock clock) {
		this.principalSource = principalSource;
		this.clients = clients;
		this.revocationList = revocationList;
		this.problems = problems;
		this.clock = clock;
	}

	/**
	 * Return the leaf certificate the client presented, if any.
	 * @param request the request
	 * @return the certificate or {@code null}
	 */
	public static X509Certificate clientCertificate(HttpServletRequest request) {
		Object chain = request.getAttribute(CERTIFICATE_ATTRIBUTE);
		if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
			return certificates[0];
		}
		return null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		X509Certificate certificate = clientCertificate(request);
		if (certificate == null) {
			chain.doFilter(request, response);
			return;
		}
		Date now = Date.from(this.clock.instant());
		if (now.after(certificate.getNotAfter()) || now.before(certificate.getNotBefore())) {
			reject(request, response, "The client certificate is expired or not yet valid.");
			return;
		}
		if (this.revocationList != null && this.revocationList.isRevoked(certificate)) {
			reject(request, response, "The client certificate is revoked.");
			return;
		}
		if (hasBearerToken(request)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<String> principal = this.principalSource.extract(certificate);
		if (principal.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		Optional<List<GrantedAuthority>> authorities = this.clients.authorities(principal.get());
		if (authorities.isEmpty()) {
			this.problems.write(request, response, ProblemType.UNKNOWN_CLIENT_CERTIFICATE,
					ProblemType.UNKNOWN_CLIENT_CERTIFICATE.getDefaultDetail(), Map.of());
			return;
		}
		MtlsAuthentication authentication = new MtlsAuthentication(principal.get(), certificate, authorities.get(),
				this.clients.attributes(principal.get()));
		authentication.setDetails(request.getRemoteAddr());
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		this.problems.write(request, response, ProblemType.INVALID_CLIENT_CERTIFICATE, detail, Map.of());
	}

	private static boolean hasBearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
	}

	/**
	 * Use another holder of the security context.
	 * @param contextHolder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}

}
