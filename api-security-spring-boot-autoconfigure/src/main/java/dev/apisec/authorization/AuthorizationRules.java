package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.apisec.authorization.AuthorizationProperties.Access;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;

import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;

/**
 * The ordered path rules and the access for everything they do not match. Define a bean of
 * this type to supply rules from elsewhere than {@code apisec.authorization.rules}.
 *
 * @param rules rules in evaluation order
 * @param defaultAccess access for unmatched requests
 */
public record AuthorizationRules(List<AuthorizationRule> rules, Access defaultAccess) {

	private static final String PREFIX = "apisec.authorization.rules";

	public AuthorizationRules {
		rules = List.copyOf(rules);
	}

	/**
	 * Validate and convert the configured rules; a malformed rule fails startup with the
	 * property that holds it.
	 * @param properties the properties
	 * @return the rules
	 */
	public static AuthorizationRules from(AuthorizationProperties properties) {
		List<AuthorizationRule> rules = new ArrayList<>();
		List<AuthorizationProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			rules.add(rule(PREFIX + "[" + i + "]", i, configured.get(i)));
		}
		Access defaultAccess = (properties.getDefaultAccess() != null) ? properties.getDefaultAccess() : Access.DENY;
		return new AuthorizationRules(rules, defaultAccess);
	}

	private static AuthorizationRule rule(String prefix, int index, AuthorizationProperties.Rule rule) {
		String name = StringUtils.hasText(rule.getName()) ? rule.getName() : "rule-" + index;
		if (rule.getPaths() == null || rule.getPaths().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".paths", "the rule '" + name + "' has no paths",
					"Set " + prefix + ".paths to one or more path patterns such as /api/orders/**.");
		}
		for (int i = 0; i < rule.getPaths().size(); i++) {
			RequestPatterns.validatePattern(prefix + ".paths[" + i + "]", rule.getPaths().get(i));
		}
		boolean hasRoles = rule.getRoles() != null && !rule.getRoles().isEmpty();
		boolean hasScopes = rule.getScopes() != null && !rule.getScopes().isEmpty();
		if (rule.getAccess() != null && (hasRoles || hasScopes)) {
			throw new ApiSecConfigurationException(prefix + ".access",
					"the rule '" + name + "' sets both access and roles or scopes, which would be ambiguous",
					"Keep either " + prefix + ".access or " + prefix + ".roles/" + prefix + ".scopes.");
		}
		if (rule.getAccess() == null && !hasRoles && !hasScopes) {
			throw new ApiSecConfigurationException(prefix + ".access",
					"the rule '" + name + "' sets neither access nor roles nor scopes",
					"Set " + prefix + ".access to public, authenticated or deny, or list " + prefix + ".roles or "
							+ prefix + ".scopes.");
		}
		Set<HttpMethod> methods = new LinkedHashSet<>();
		if (rule.getMethods() != null) {
			for (int i = 0; i < rule.getMethods().size(); i++) {
				methods.add(RequestPatterns.parseMethod(prefix + ".methods[" + i + "]", rule.getMethods().get(i)));
			}
		}
		List<String> roles = hasRoles ? rule.getRoles().stream().map(AuthorizationRules::stripRolePrefix).toList()
				: List.of();
		List<String> scopes = hasScopes ? rule.getScopes().stream().map(AuthorizationRules::stripScopePrefix).toList()
				: List.of();
		return new AuthorizationRule(name, rule.getPaths(), methods, rule.getAccess(), roles, scopes);
	}

	private static String stripScopePrefix(String scope) {
		return scope.startsWith("SCOPE_") ? scope.substring("SCOPE_".length()) : scope;
	}

	private static String stripRolePrefix(String role) {
		return role.startsWith("ROLE_") ? role.substring("ROLE_".length()) : role;
	}

}
