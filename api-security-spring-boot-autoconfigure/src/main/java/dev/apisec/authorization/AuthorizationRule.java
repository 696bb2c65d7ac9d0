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
 * @param access fixed access, or {@code null} when roles or scopes decide
 * @param roles roles of which one is needed (without prefix)
 * @param scopes scopes that are all needed (without prefix)
 */
public record AuthorizationRule(String name, List<String> paths, Set<HttpMethod> methods, Access access,
		List<String> roles, List<String> scopes) {

	public AuthorizationRule {
		paths = List.copyOf(paths);
		methods = Set.copyOf(methods);
		roles = List.copyOf(roles);
		scopes = List.copyOf(scopes);
	}

}
