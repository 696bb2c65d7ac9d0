package dev.apisec.authorization;

import java.util.List;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;

import dev.apisec.audit.SecurityObservations;
import dev.apisec.support.RequestPatterns;

/**
 * The authorization of the starter's chain for benchmarks, built as
 * {@code ApiSecurityFilterChainConfiguration} builds it: each configured rule's path-pattern
 * matcher mapped to its {@link RuleAuthorizationManager}, in order, then default deny.
 */
final class BenchmarkChain {

	private BenchmarkChain() {
	}

	static RequestMatcherDelegatingAuthorizationManager of(AuthorizationProperties properties, String roleHierarchy) {
		RoleHierarchy hierarchy = RoleHierarchyFactory.create(List.of(roleHierarchy));
		RequestMatcherDelegatingAuthorizationManager.Builder builder = RequestMatcherDelegatingAuthorizationManager
			.builder();
		for (AuthorizationRule rule : AuthorizationRules.from(properties).rules()) {
			builder.add(RequestPatterns.matcher(rule.paths(), rule.methods()),
					RuleAuthorizationManager.forRule(rule, hierarchy, SecurityObservations.NOOP));
		}
		builder.add((request) -> true, RuleAuthorizationManager.forDefault(AuthorizationProperties.Access.DENY, SecurityObservations.NOOP));
		return builder.build();
	}

}
