package dev.apisec.authorization;

import java.util.List;

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

	private final String scope;

	/**
	 * Create a decision.
	 * @param granted whether access is granted
	 * @param ruleName the rule that decided
	 * @param scopes the scopes the rule requires, without prefix
	 */
	RuleDecision(boolean granted, String ruleName, List<String> scopes) {
		super(granted);
		this.ruleName = ruleName;
		this.scope = scopeAttribute(scopes);
	}

	// RFC 6750 3: space-separated scope tokens, each of %x21 / %x23-5B / %x5D-7E, so that
	// the value can be quoted in a challenge as it is.
	private static String scopeAttribute(List<String> scopes) {
		if (scopes.isEmpty()) {
			return null;
		}
		for (String scope : scopes) {
			if (scope.isEmpty()) {
				return null;
			}
			for (int i = 0; i < scope.length(); i++) {
				char c = scope.charAt(i);
				if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
					return null;
				}
			}
		}
		return String.join(" ", scopes);
	}

	/**
	 * Return the scopes the rule requires, as the {@code scope} attribute of an
	 * {@code insufficient_scope} challenge gives them.
	 * @return the space-separated scopes, or {@code null} when the rule requires none (or
	 * one that cannot be written in a challenge)
	 */
	String getScope() {
		return this.scope;
	}

	@Override
	public String getRuleName() {
		return this.ruleName;
	}

}
