package dev.apisec.authorization;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.apisec.audit.SecurityObservations;
import dev.apisec.authorization.AuthorizationProperties.Access;
import io.micrometer.observation.Observation;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Decides one rule: fixed access, or any of its roles (through the role hierarchy) and all
 * of its scopes. Its decisions carry the rule's name, so a denial can say which rule
 * denied. Each decision is observed as {@code apisec.authorization} (rule, decision).
 */
final class RuleAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final String ruleName;

	private final Access access;

	private final List<String> roleAuthorities;

	private final List<String> scopeAuthorities;

	private final RoleHierarchy roleHierarchy;

	private final SecurityObservations observations;

	RuleAuthorizationManager(String ruleName, Access access, List<String> roles, List<String> scopes,
			RoleHierarchy roleHierarchy, SecurityObservations observations) {
		this.ruleName = ruleName;
		this.access = access;
		this.roleAuthorities = roles.stream().map((role) -> "ROLE_" + role).toList();
		this.scopeAuthorities = scopes.stream().map((scope) -> "SCOPE_" + scope).toList();
		this.roleHierarchy = roleHierarchy;
		this.observations = observations;
	}

	static RuleAuthorizationManager forRule(AuthorizationRule rule, RoleHierarchy roleHierarchy,
			SecurityObservations observations) {
		return new RuleAuthorizationManager(rule.name(), rule.access(), rule.roles(), rule.scopes(), roleHierarchy,
				observations);
	}

	static RuleAuthorizationManager forDefault(Access access, SecurityObservations observations) {
		return new RuleAuthorizationManager("default-access", access, List.of(), List.of(), null, observations);
	}

	@Override
	@SuppressWarnings("deprecation")
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		Observation observation = this.observations.startAuthorization(this.ruleName);
		boolean granted = decide(authentication);
		SecurityObservations.decided(observation, granted);
		return new RuleDecision(granted, this.ruleName);
	}

	private boolean decide(Supplier<Authentication> supplier) {
		if (this.access == Access.PUBLIC) {
			return true;
		}
		if (this.access == Access.DENY) {
			return false;
		}
		Authentication authentication = supplier.get();
		if (authentication == null || !trustResolver.isAuthenticated(authentication)) {
			return false;
		}
		if (this.access == Access.AUTHENTICATED) {
			return true;
		}
		Set<String> held = new HashSet<>();
		for (GrantedAuthority authority : this.roleHierarchy
			.getReachableGrantedAuthorities(authentication.getAuthorities())) {
			held.add(authority.getAuthority());
		}
		if (!this.roleAuthorities.isEmpty() && this.roleAuthorities.stream().noneMatch(held::contains)) {
			return false;
		}
		return held.containsAll(this.scopeAuthorities);
	}

}
