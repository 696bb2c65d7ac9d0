package dev.apisec.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observations of the starter's decisions.
 */
@ConfigurationProperties("apisec.observations")
public class ObservationProperties {

	/**
	 * Whether Spring Security's own observations (spring.security.filterchains,
	 * spring.security.authentications, spring.security.authorizations) stay on. Off by
	 * default: the starter's apisec.authentication, apisec.authorization and apisec.ratelimit
	 * observations report the same decisions with their rule and policy, and Spring
	 * Security's filter-chain observation costs more than the rest of the chain's work. A
	 * SecurityObservationSettings bean of the application wins over this property.
	 */
	private boolean springSecurity;

	public boolean isSpringSecurity() {
		return this.springSecurity;
	}

	public void setSpringSecurity(boolean springSecurity) {
		this.springSecurity = springSecurity;
	}

}
