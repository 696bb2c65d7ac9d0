package dev.apisec.jwt;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated {@link Jwt} into an authentication with the roles and scopes of its
 * issuer's {@link AuthorityMapping}, named by the issuer's principal claim. Tokens of an
 * issuer the starter does not know (from a user-supplied decoder) get the default
 * mapping.
 */
public final class ApiSecJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final TrustedIssuers issuers;

	private final AuthorityMapping defaults = AuthorityMapping.defaults();

	/**
	 * Create a converter.
	 * @param issuers the starter's issuers, or {@code null} when the starter does not
	 * validate tokens (its JWT auto-configuration is off and another decoder is used)
	 */
	public ApiSecJwtAuthenticationConverter(TrustedIssuers issuers) {
		this.issuers = issuers;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Object iss = jwt.getClaims().get("iss");
		TrustedIssuer issuer = (this.issuers != null && iss instanceof String text) ? this.issuers.get(text) : null;
		AuthorityMapping mapping = (issuer != null) ? issuer.authorityMapping() : this.defaults;
		String principalClaim = (issuer != null) ? issuer.getPrincipalClaim() : "sub";
		Object name = jwt.getClaims().get(principalClaim);
		return new JwtAuthenticationToken(jwt, mapping.authorities(jwt.getClaims()),
				(name instanceof String text) ? text : jwt.getSubject());
	}

}
