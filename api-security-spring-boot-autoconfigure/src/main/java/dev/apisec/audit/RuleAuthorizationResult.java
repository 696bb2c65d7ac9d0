package dev.apisec.audit;

import org.springframework.security.authorization.AuthorizationResult;

/**
 * An authorization result that names the rule that made it: the result of the starter's
 * rules, carried by Spring Security's {@code AuthorizationDeniedEvent}, so that a denial
 * is reported with its rule by a listener that does not know the rules.
 */
public interface RuleAuthorizationResult extends AuthorizationResult {

	/**
	 * Return the name of the rule that decided: a configured rule's name,
	 * {@code actuator} or {@code default-access}.
	 * @return the rule name
	 */
	String getRuleName();

}
