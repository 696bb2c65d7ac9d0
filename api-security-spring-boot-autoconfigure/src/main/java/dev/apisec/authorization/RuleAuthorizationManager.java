package dev.apisec.authorization;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.apisec.audit.SecurityObservations;
import dev.apisec.authorization.AuthorizationProperties.Access;
import dev.apisec.jwt.AuthenticatedJwt;
import io.micrometer.observation.Observation;

import org.springframework.expression.ParseException;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Decides one rule: fixed access, or any of its roles (through the role hierarchy), all
 * of its scopes, all of its claim conditions and its expression. Its decisions carry the
 * rule's name, so a denial can say which rule denied (never which condition failed, nor
 * any claim value). A rule without claims or expression does no more work than one before
 * they existed. A role is compared as written, and for a request the starter's
 * bearer-token authentication authenticated ({@link AuthenticatedJwt}) also as the JWT
 * issuers' role case gives it, so that API-key and client-certificate roles are not
 * widened by the issuers' conversion. Each decision is observed as
 * {@code apisec.authorization} (rule, decision).
 */
final class RuleAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final String ruleName;

	private final Access access;

	private final List<String> roleAuthorities;

	private final List<String> jwtRoleAuthorities;

	/** Whether a JWT's roles are compared under more names than as written. */
	private final boolean convertsJwtRoles;

	private final List<String> scopeAuthorities;

	private final RoleHierarchy roleHierarchy;

	private final ClaimCondition[] claims;

	private final RuleExpression expression;

	private final RuleDecision grantedDecision;

	private final RuleDecision deniedDecision;

	private final SecurityObservations observations;

	/**
	 * Create a manager of roles and scopes only.
	 * @param ruleName the name its decisions carry
	 * @param access the fixed access, or {@code null}
	 * @param roles the roles as written, without prefix
	 * @param jwtRoles the names the roles are compared under for a JWT, as
	 * {@link RoleNameForms} gives them
	 * @param scopes the scopes, without prefix
	 * @param roleHierarchy the role hierarchy
	 * @param observations observes each decision
	 */
	RuleAuthorizationManager(String ruleName, Access access, List<String> roles, List<String> jwtRoles,
			List<String> scopes, RoleHierarchy roleHierarchy, SecurityObservations observations) {
		this(ruleName, access, roles, jwtRoles, scopes, roleHierarchy, List.of(), null, observations);
	}

	private RuleAuthorizationManager(String ruleName, Access access, List<String> roles, List<String> jwtRoles,
			List<String> scopes, RoleHierarchy roleHierarchy, List<ClaimCondition> claims, RuleExpression expression,
			SecurityObservations observations) {
		this.ruleName = ruleName;
		this.access = access;
		this.roleAuthorities = roles.stream().map((role) -> "ROLE_" + role).toList();
		this.jwtRoleAuthorities = jwtRoles.stream().map((role) -> "ROLE_" + role).toList();
		this.convertsJwtRoles = !this.jwtRoleAuthorities.equals(this.roleAuthorities);
		this.scopeAuthorities = scopes.stream().map((scope) -> "SCOPE_" + scope).toList();
		this.roleHierarchy = roleHierarchy;
		this.claims = claims.toArray(new ClaimCondition[0]);
		this.expression = expression;
		this.observations = observations;
		// Immutable: one of each per rule, not one per request.
		this.grantedDecision = new RuleDecision(true, ruleName, scopes);
		this.deniedDecision = new RuleDecision(false, ruleName, scopes);
	}

	/**
	 * Create the manager of a rule, parsing its expression.
	 * @param rule the rule
	 * @param roleHierarchy the role hierarchy
	 * @param roleNames the names each of the rule's roles is compared under for a JWT
	 * @param observations observes each decision
	 * @return the manager
	 * @throws IllegalArgumentException if the rule's expression is not valid SpEL (a rule
	 * from {@code apisec.authorization.rules} was already checked with its property)
	 */
	static RuleAuthorizationManager forRule(AuthorizationRule rule, RoleHierarchy roleHierarchy,
			RoleNameForms roleNames, SecurityObservations observations) {
		RuleExpression expression = null;
		if (rule.expression() != null) {
			try {
				expression = RuleExpression.parse(rule.name(), rule.expression(), roleHierarchy);
			}
			catch (ParseException ex) {
				throw new IllegalArgumentException(
						"The expression of rule '" + rule.name() + "' is not valid SpEL: " + ex.getMessage(), ex);
			}
		}
		return new RuleAuthorizationManager(rule.name(), rule.access(), rule.roles(),
				roleNames.forms(rule.roles(), "rule '" + rule.name() + "'"), rule.scopes(), roleHierarchy,
				rule.claims(), expression, observations);
	}

	static RuleAuthorizationManager forDefault(Access access, SecurityObservations observations) {
		return new RuleAuthorizationManager("default-access", access, List.of(), List.of(), List.of(), null,
				observations);
	}

	@Override
	@SuppressWarnings("deprecation")
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		Observation observation = this.observations.startAuthorization(this.ruleName);
		boolean granted = decide(authentication, context);
		SecurityObservations.decided(observation, granted);
		return granted ? this.grantedDecision : this.deniedDecision;
	}

	private boolean decide(Supplier<Authentication> supplier, RequestAuthorizationContext context) {
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
		if ((!this.roleAuthorities.isEmpty() || !this.scopeAuthorities.isEmpty())
				&& !holdsRolesAndScopes(authentication, context)) {
			return false;
		}
		return (this.claims.length == 0 || satisfiesClaims(authentication, context))
				&& (this.expression == null || this.expression.isSatisfied(() -> authentication, context));
	}

	private boolean holdsRolesAndScopes(Authentication authentication, RequestAuthorizationContext context) {
		// One set per request: the reachable authorities, looked up once per required
		// one.
		Set<String> held = new HashSet<>();
		for (GrantedAuthority authority : this.roleHierarchy
			.getReachableGrantedAuthorities(authentication.getAuthorities())) {
			held.add(authority.getAuthority());
		}
		if (!this.roleAuthorities.isEmpty() && !holdsAny(held, roleAuthorities(context))) {
			return false;
		}
		return held.containsAll(this.scopeAuthorities);
	}

	private List<String> roleAuthorities(RequestAuthorizationContext context) {
		// Only the starter's JWT authentication sets the attribute; an API key or a
		// client certificate next to a bearer token does not authenticate the request.
		if (this.convertsJwtRoles && context.getRequest() != null
				&& context.getRequest().getAttribute(AuthenticatedJwt.ATTRIBUTE) != null) {
			return this.jwtRoleAuthorities;
		}
		return this.roleAuthorities;
	}

	private static boolean holdsAny(Set<String> held, List<String> authorities) {
		// A loop, not a stream: no iterator or lambda per call. The set it searches is
		// built once per request, in holdsRolesAndScopes.
		for (int i = 0; i < authorities.size(); i++) {
			if (held.contains(authorities.get(i))) {
				return true;
			}
		}
		return false;
	}

	private boolean satisfiesClaims(Authentication authentication, RequestAuthorizationContext context) {
		Map<String, Object> attributes = PrincipalAttributes.of(authentication);
		// An array, not a list: no iterator per request.
		for (ClaimCondition condition : this.claims) {
			if (!condition.matches(attributes, context.getVariables())) {
				return false;
			}
		}
		return true;
	}

}
