package dev.apisec.jwt;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trusted identity provider as the decoder sees it: the exact issuer, what a token of
 * it must carry, where its keys come from and how its claims become authorities.
 */
public final class TrustedIssuer {

	private final String issuer;

	private final Set<String> audiences;

	private final boolean anyAudience;

	private final List<String> audienceClaims;

	private final Set<JwsAlgorithm> algorithms;

	private final String principalClaim;

	private final IssuerKeys keys;

	private final AuthorityMapping authorityMapping;

	TrustedIssuer(String issuer, Set<String> audiences, boolean anyAudience, List<String> audienceClaims,
			Set<JwsAlgorithm> algorithms, String principalClaim, IssuerKeys keys, AuthorityMapping authorityMapping) {
		this.issuer = issuer;
		this.audiences = Set.copyOf(audiences);
		this.anyAudience = anyAudience;
		this.audienceClaims = List.copyOf(audienceClaims);
		this.algorithms = Set.copyOf(algorithms);
		this.principalClaim = principalClaim;
		this.keys = keys;
		this.authorityMapping = authorityMapping;
	}

	/**
	 * Return the issuer identifier.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	/**
	 * Return the accepted audiences, empty when any audience is accepted.
	 * @return the audiences
	 */
	public Set<String> getAudiences() {
		return this.audiences;
	}

	/**
	 * Return the accepted algorithm names.
	 * @return the algorithms
	 */
	public List<String> getAlgorithms() {
		return this.algorithms.stream().map(Enum::name).sorted().toList();
	}

	/**
	 * Return the claim that names the principal.
	 * @return the claim name
	 */
	public String getPrincipalClaim() {
		return this.principalClaim;
	}

	/**
	 * Return the current state of this issuer's keys.
	 * @return the key status
	 */
	public KeyStatus getKeyStatus() {
		return this.keys.status();
	}

	boolean allows(JwsAlgorithm algorithm) {
		return this.algorithms.contains(algorithm);
	}

	IssuerKeys keys() {
		return this.keys;
	}

	AuthorityMapping authorityMapping() {
		return this.authorityMapping;
	}

	boolean acceptsAudience(Map<String, Object> claims) {
		if (this.anyAudience) {
			return true;
		}
		for (String claim : this.audienceClaims) {
			Object value = claims.get(claim);
			if (value instanceof String text && this.audiences.contains(text)) {
				return true;
			}
			if (value instanceof Collection<?> values) {
				for (Object element : values) {
					if (element instanceof String text && this.audiences.contains(text)) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
