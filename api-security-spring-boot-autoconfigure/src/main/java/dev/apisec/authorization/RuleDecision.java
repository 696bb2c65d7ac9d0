package dev.apisec.authorization;

import dev.apisec.audit.RuleAuthorizationResult;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * A decision of the starter's filter chain that remembers the rule that made it: a
 * configured rule's name, {@code actuator} or {@code default-access}. It is the result of
 * Spring Security's {@code AuthorizationDeniedEvent}; listeners read the rule through
 * {@link RuleAuthorizationResult}, so that they need not know this package.
 */
final class RuleDecision extends AuthorizationDecision implements RuleAuthorizationResult {

	private final String ruleName;

	RuleDecision(boolean granted, String ruleName) {
		super(granted);
		this.ruleName = ruleName;
	}

	@Override
	public String getRuleName() {
		return this.ruleName;
	}

}
