package dev.apisec.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import io.micrometer.observation.Observation;
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
 * authenticated with its roles, an unlisted one gets 403
 * {@code unknown-client-certificate}. A certificate that names nobody (no CN, two CNs)
 * leaves the request unauthenticated. Requests with a bearer token are authenticated by
 * the token; their certificate is only checked for expiry and revocation, and may bind
 * the token. Refusals are reported as security events ({@code expired},
 * {@code not_yet_valid}, {@code revoked}, {@code unknown_client}); each decision is
 * observed as {@code apisec.authentication}.
 */
class MtlsAuthenticationFilter extends OncePerRequestFilter {

	/** The servlet request attribute holding the verified client certificate chain. */
	public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private final MtlsPrincipalSource principalSource;

	private final MtlsClients clients;

	private final CertificateRevocationList revocationList;

	private final ProblemResponseWriter problems;

	private final Clock clock;

	private final SecurityEvents events;

	private final SecurityObservations observations;

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Create a filter that reports its refusals as security events and observes each
	 * certificate it decides on as {@code apisec.authentication}.
	 * @param principalSource where the principal is read from in the certificate
	 * @param clients the known clients
	 * @param revocationList the revoked certificates, or {@code null}
	 * @param problems writes the refusals
	 * @param clock the clock validity is checked against
	 * @param events where refusals are reported
	 * @param observations the observations
	 */
	public MtlsAuthenticationFilter(MtlsPrincipalSource principalSource, MtlsClients clients,
			CertificateRevocationList revocationList, ProblemResponseWriter problems, Clock clock,
			SecurityEvents events, SecurityObservations observations) {
		this.principalSource = principalSource;
		this.clients = clients;
		this.revocationList = revocationList;
		this.problems = problems;
		this.clock = clock;
		this.events = events;
		this.observations = observations;
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
		Observation observation = this.observations.startAuthentication(SecurityEvent.MTLS);
		Date now = Date.from(this.clock.instant());
		if (now.after(certificate.getNotAfter()) || now.before(certificate.getNotBefore())) {
			reject(observation, request, response, certificate,
					now.after(certificate.getNotAfter()) ? "expired" : "not_yet_valid",
					"The client certificate is expired or not yet valid.");
			return;
		}
		if (this.revocationList != null && this.revocationList.isRevoked(certificate)) {
			reject(observation, request, response, certificate, "revoked", "The client certificate is revoked.");
			return;
		}
		if (hasBearerToken(request)) {
			// The token authenticates; the certificate only passed its checks.
			SecurityObservations.authenticationEnded(observation, "skipped", "bearer_token");
			chain.doFilter(request, response);
			return;
		}
		Optional<String> principal = this.principalSource.extract(certificate);
		if (principal.isEmpty()) {
			SecurityObservations.authenticationEnded(observation, "skipped", "no_principal");
			chain.doFilter(request, response);
			return;
		}
		Optional<List<GrantedAuthority>> authorities = this.clients.authorities(principal.get());
		if (authorities.isEmpty()) {
			SecurityObservations.authenticationEnded(observation, "failure", "unknown_client");
			this.events.authenticationFailed(request, SecurityEvent.MTLS, "unknown_client", principal.get());
			this.problems.write(request, response, ProblemType.UNKNOWN_CLIENT_CERTIFICATE,
					ProblemType.UNKNOWN_CLIENT_CERTIFICATE.getDefaultDetail(), Map.of());
			return;
		}
		SecurityObservations.authenticated(observation);
		MtlsAuthentication authentication = new MtlsAuthentication(principal.get(), certificate, authorities.get(),
				this.clients.attributes(principal.get()));
		authentication.setDetails(request.getRemoteAddr());
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private void reject(Observation observation, HttpServletRequest request, HttpServletResponse response,
			X509Certificate certificate, String reason, String detail) throws IOException {
		SecurityObservations.authenticationEnded(observation, "failure", reason);
		// The handshake verified the certificate's issuer, so the name it carries is
		// reliable.
		this.events.authenticationFailed(request, SecurityEvent.MTLS, reason,
				this.principalSource.extract(certificate).orElse(null));
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
