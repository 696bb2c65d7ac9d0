package dev.apisec.authorization;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * A decision of the starter's filter chain that remembers the rule that made it: a
 * configured rule's name, {@code actuator} or {@code default-access}. It is the result of
 * Spring Security's {@code AuthorizationDeniedEvent}, so listeners can tell which rule
 * denied.
 */
public final class RuleDecision extends AuthorizationDecision {

	private final String ruleName;

	RuleDecision(boolean granted, String ruleName) {
		super(granted);
		this.ruleName = ruleName;
	}

	/**
	 * Return the name of the rule that decided.
	 * @return the rule name
	 */
	public String getRuleName() {
		return this.ruleName;
	}

}
