package dev.apisec.authorization;

import java.util.List;
import java.util.Set;

import dev.apisec.authorization.AuthorizationProperties.Access;

import org.springframework.http.HttpMethod;

/**
 * One validated path rule: which requests it matches and what it requires of the caller.
 *
 * @param name the rule's name, reported when it denies
 * @param paths Spring path patterns
 * @param methods HTTP methods, empty for all
 * @param access fixed access, or {@code null} when roles, scopes, claims or the
 * expression decide
 * @param roles roles of which one is needed (without prefix)
 * @param scopes scopes that are all needed (without prefix)
 * @param claims conditions on the caller's attributes that all must hold
 * @param expression a Spring Security web expression that must hold too, or {@code null}
 */
public record AuthorizationRule(String name, List<String> paths, Set<HttpMethod> methods, Access access,
		List<String> roles, List<String> scopes, List<ClaimCondition> claims, String expression) {

	public AuthorizationRule {
		paths = List.copyOf(paths);
		methods = Set.copyOf(methods);
		roles = List.copyOf(roles);
		scopes = List.copyOf(scopes);
		claims = List.copyOf(claims);
	}

}
