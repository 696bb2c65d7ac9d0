package dev.apisec.mtls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jwt.SignedJWT;
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
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Certificate-bound access tokens (RFC 8705, section 3): a JWT with a
 * {@code cnf.x5t#S256} claim is accepted only when the request's TLS client certificate
 * has that SHA-256 thumbprint. A mismatch, or no certificate, is a 401
 * {@code invalid-token}. Tokens without the claim are left alone. The claim is read from
 * the validated {@link Jwt} itself ({@link AuthenticatedJwt}), so the binding holds
 * whatever authentication an application's
 * {@code Converter<Jwt, ? extends AbstractAuthenticationToken>} makes of the token; from
 * a {@code Jwt} that an authentication of the application's own carries as credentials or
 * principal; or from the attributes of an introspected opaque token. A bearer token whose
 * authentication has none of these is refused too (401 {@code invalid-token}), unless it
 * is a signed JWT whose payload has no binding.
 */
class CertificateBoundTokenFilter extends OncePerRequestFilter {

	static final String DETAIL = "The access token is bound to a client certificate that was not presented.";

	static final String UNVERIFIABLE_DETAIL = "The access token may be bound to a client certificate, "
			+ "and its binding cannot be checked.";

	private final ProblemResponseWriter problems;

	private final SecurityEvents events;

	private final AtomicBoolean unverifiableWarned = new AtomicBoolean();

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	private BearerTokenResolver bearerTokenResolver = new DefaultBearerTokenResolver();

	/**
	 * Create a filter that reports refused tokens as {@code AUTHENTICATION_FAILURE}
	 * (method {@code jwt}, reason {@code certificate_mismatch}, or
	 * {@code certificate_binding_unverifiable} when the binding cannot be checked).
	 * @param problems writes the refusals
	 * @param events where refusals are reported
	 */
	public CertificateBoundTokenFilter(ProblemResponseWriter problems, SecurityEvents events) {
		this.problems = problems;
		this.events = events;
	}

	/**
	 * Return the RFC 8705 thumbprint of a certificate: base64url (no padding) of the
	 * SHA-256 of its DER encoding.
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
		Authentication authentication = this.contextHolder.getContext().getAuthentication();
		if (authentication != null) {
			Map<String, Object> claims = validatedClaims(request, authentication);
			if (claims != null) {
				if (isBound(claims) && !presentsBoundCertificate(request, claims.get("cnf"))) {
					refuse(request, response, authentication, "certificate_mismatch", DETAIL);
					return;
				}
			}
			else if (bindingCannotBeRuledOut(request)) {
				if (this.unverifiableWarned.compareAndSet(false, true)) {
					logger.warn("A bearer token was authenticated without a Jwt or introspected attributes "
							+ "in the authentication (" + authentication.getClass().getName()
							+ "), so its certificate binding cannot be checked: such tokens are refused. "
							+ "Keep the Jwt as the authentication's credentials or principal, or set "
							+ "apisec.mtls.certificate-bound-tokens=false.");
				}
				refuse(request, response, authentication, "certificate_binding_unverifiable", UNVERIFIABLE_DETAIL);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
			String reason, String detail) throws IOException {
		// The token was accepted by the authentication: its subject is reliable.
		String principal = authentication.getName();
		this.contextHolder.clearContext();
		this.events.authenticationFailed(request, SecurityEvent.JWT, reason, principal);
		this.problems.write(request, response, ProblemType.INVALID_TOKEN, detail,
				Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + detail + "\""));
	}

	private static boolean isBound(Map<String, Object> claims) {
		return claims.get("cnf") instanceof Map<?, ?> confirmation && confirmation.containsKey("x5t#S256");
	}

	private static boolean presentsBoundCertificate(HttpServletRequest request, Object confirmation) {
		Object expected = ((Map<?, ?>) confirmation).get("x5t#S256");
		X509Certificate certificate = MtlsAuthenticationFilter.clientCertificate(request);
		return expected instanceof String thumbprint && certificate != null
				&& MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.US_ASCII),
						thumbprint(certificate).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Return the validated claims of the token that authenticated this request, whatever
	 * type of authentication was made of it: the starter's bearer-token authentication
	 * keeps the {@link Jwt} on the request; another authentication may carry it as its
	 * credentials or principal (a {@link JwtAuthenticationToken} does both), or carry the
	 * attributes of an introspected token (an {@link OAuth2AuthenticatedPrincipal}, as
	 * Spring Security's opaque-token support makes). Return {@code null} when the
	 * authentication has none.
	 */
	private static Map<String, Object> validatedClaims(HttpServletRequest request, Authentication authentication) {
		Jwt jwt = AuthenticatedJwt.of(request);
		if (jwt != null) {
			return jwt.getClaims();
		}
		if (authentication.getCredentials() instanceof Jwt credentials) {
			return credentials.getClaims();
		}
		Object principal = authentication.getPrincipal();
		if (principal instanceof Jwt token) {
			return token.getClaims();
		}
		return (principal instanceof OAuth2AuthenticatedPrincipal introspected) ? introspected.getAttributes() : null;
	}

	/**
	 * Whether the request carries a bearer token (the authentication then came from it)
	 * that may be bound to a certificate. A signed JWT whose payload has no
	 * {@code cnf.x5t#S256} is not bound: whatever accepted it accepted that payload. Any
	 * other token (an opaque one, an encrypted JWT, a bound JWT) cannot be ruled out
	 * without validated claims.
	 */
	private boolean bindingCannotBeRuledOut(HttpServletRequest request) {
		String token;
		try {
			token = this.bearerTokenResolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return true;
		}
		if (token == null) {
			return false;
		}
		try {
			return isBound(SignedJWT.parse(token).getJWTClaimsSet().toJSONObject());
		}
		catch (ParseException ex) {
			return true;
		}
	}

	/**
	 * Find the bearer token of a request as the chain's bearer-token authentication does:
	 * an application's {@code BearerTokenResolver}; Spring Security's default resolver
	 * when unset.
	 * @param bearerTokenResolver the resolver
	 */
	public void setBearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
		this.bearerTokenResolver = bearerTokenResolver;
	}

	/**
	 * Use another holder of the security context.
	 * @param contextHolder the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}

}
