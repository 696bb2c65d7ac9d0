package dev.apisec.mtls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.jwt.AuthenticatedJwt;
import dev.apisec.web.ProblemResponseWriter;
import dev.apisec.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Certificate-bound access tokens (RFC 8705, section 3): a JWT with a
 * {@code cnf.x5t#S256} claim is accepted only when the request's TLS client certificate
 * has that SHA-256 thumbprint. A mismatch, or no certificate, is a 401
 * {@code invalid-token}. Tokens without the claim are left alone. The claim is read from
 * the validated {@link Jwt} itself ({@link AuthenticatedJwt}), so the binding holds whatever
 * authentication an application's {@code Converter<Jwt, ? extends AbstractAuthenticationToken>}
 * makes of the token.
 */
public class CertificateBoundTokenFilter extends OncePerRequestFilter {

	static final String DETAIL = "The access token is bound to a client certificate that was not presented.";

	private final ProblemResponseWriter problems;

	private final SecurityEvents events;

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	public CertificateBoundTokenFilter(ProblemResponseWriter problems) {
		this(problems, SecurityEvents.NONE);
	}

	/**
	 * Create a filter that reports refused tokens as {@code AUTHENTICATION_FAILURE} (method
	 * {@code jwt}, reason {@code certificate_mismatch}).
	 * @param problems writes the refusals
	 * @param events where refusals are reported
	 */
	public CertificateBoundTokenFilter(ProblemResponseWriter problems, SecurityEvents events) {
		this.problems = problems;
		this.events = events;
	}

	/**
	 * Return the RFC 8705 thumbprint of a certificate: base64url (no padding) of the SHA-256
	 * of its DER encoding.
	 * @param certificate the certificate
	 * @return the thumbprint
	 */
	public static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot compute the certificate thumbprint", ex);
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Jwt token = authenticatingJwt(request);
		if (token != null && token.getClaims().get("cnf") instanceof Map<?, ?> confirmation
				&& confirmation.containsKey("x5t#S256")) {
			Object expected = confirmation.get("x5t#S256");
			X509Certificate certificate = MtlsAuthenticationFilter.clientCertificate(request);
			if (!(expected instanceof String thumbprint) || certificate == null
					|| !MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.US_ASCII),
							thumbprint(certificate).getBytes(StandardCharsets.US_ASCII))) {
				// The token's signature was verified: its subject is reliable.
				String principal = this.contextHolder.getContext().getAuthentication().getName();
				this.contextHolder.clearContext();
				this.events.authenticationFailed(request, SecurityEvent.JWT, "certificate_mismatch", principal);
				this.problems.write(request, response, ProblemType.INVALID_TOKEN, DETAIL,
						Map.of("WWW-Authenticate",
								"Bearer error=\"invalid_token\", error_description=\"" + DETAIL + "\""));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Return the validated token that authenticated this request, whatever type of
	 * authentication an application's converter made of it: the starter's bearer-token
	 * authentication keeps it on the request; a {@link JwtAuthenticationToken} set by other
	 * means carries it.
	 */
	private Jwt authenticatingJwt(HttpServletRequest request) {
		Authentication authentication = this.contextHolder.getContext().getAuthentication();
		if (authentication == null) {
			return null;
		}
		Jwt jwt = AuthenticatedJwt.of(request);
		if (jwt != null) {
			return jwt;
		}
		return (authentication instanceof JwtAuthenticationToken token) ? token.getToken() : null;
	}

	/**
	 * Use another holder of the security context.
	 * @param contextHolder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}

}
