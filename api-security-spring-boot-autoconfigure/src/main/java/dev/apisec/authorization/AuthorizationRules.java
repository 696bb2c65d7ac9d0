package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.apisec.authorization.AuthorizationProperties.Access;
import dev.apisec.jwt.ClaimPath;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;

import org.springframework.expression.ParseException;
import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;

/**
 * The ordered path rules and the access for everything they do not match. Define a bean
 * of this type to supply rules from elsewhere than {@code apisec.authorization.rules}.
 *
 * @param rules rules in evaluation order
 * @param defaultAccess access for unmatched requests
 */
public record AuthorizationRules(List<AuthorizationRule> rules, Access defaultAccess) {

	private static final String PREFIX = "apisec.authorization.rules";

	/** A claim value that is exactly one variable reference, such as {tenantId}. */
	private static final Pattern VARIABLE = Pattern.compile("\\{([^{}]+)}");

	/** Claim names that need no brackets in a property name. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");

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
		boolean hasClaims = rule.getClaims() != null && !rule.getClaims().isEmpty();
		boolean hasExpression = StringUtils.hasText(rule.getExpression());
		if (rule.getAccess() != null && (hasRoles || hasScopes)) {
			throw new ApiSecConfigurationException(prefix + ".access",
					"the rule '" + name + "' sets both access and roles or scopes, which would be ambiguous",
					"Keep either " + prefix + ".access or " + prefix + ".roles/" + prefix + ".scopes.");
		}
		if ((rule.getAccess() == Access.PUBLIC || rule.getAccess() == Access.DENY) && (hasClaims || hasExpression)) {
			String reason = (rule.getAccess() == Access.PUBLIC)
					? "admits callers without credentials, who have no claims to check"
					: "denies everyone, so its claims or expression would never be consulted";
			throw new ApiSecConfigurationException(prefix + ".access",
					"the rule '" + name + "' is " + rule.getAccess().name().toLowerCase(Locale.ROOT)
							+ " and also sets claims or an expression: such a rule " + reason,
					"Remove " + prefix + ".access (claims and an expression require an authenticated caller), "
							+ "set it to authenticated, or remove the claims and the expression.");
		}
		if (rule.getAccess() == null && !hasRoles && !hasScopes && !hasClaims && !hasExpression) {
			throw new ApiSecConfigurationException(prefix + ".access",
					"the rule '" + name + "' sets neither access nor roles nor scopes nor claims nor an expression",
					"Set " + prefix + ".access to public, authenticated or deny, or list " + prefix + ".roles or "
							+ prefix + ".scopes, or set " + prefix + ".claims or " + prefix + ".expression.");
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
		List<ClaimCondition> claims = hasClaims ? claims(prefix, name, rule) : List.of();
		String expression = hasExpression ? expression(prefix, name, rule.getExpression()) : null;
		return new AuthorizationRule(name, rule.getPaths(), methods, rule.getAccess(), roles, scopes, claims,
				expression);
	}

	private static List<ClaimCondition> claims(String prefix, String ruleName, AuthorizationProperties.Rule rule) {
		List<ClaimCondition> conditions = new ArrayList<>();
		for (Map.Entry<String, String> entry : rule.getClaims().entrySet()) {
			String claim = entry.getKey();
			String property = prefix
					+ (PLAIN_NAME.matcher(claim).matches() ? ".claims." + claim : ".claims[" + claim + "]");
			ClaimPath path;
			try {
				path = ClaimPath.parse(claim);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiSecConfigurationException(property,
						"'" + claim + "' of rule '" + ruleName + "' is not a claim name: " + ex.getMessage(),
						"Name a claim such as tenant or a nested one such as realm_access.tenant; a claim whose name "
								+ "contains dots, such as https://example.com/tenant, is found as written.");
			}
			String value = entry.getValue();
			if (!StringUtils.hasText(value)) {
				throw new ApiSecConfigurationException(property,
						"the claim '" + claim + "' of rule '" + ruleName + "' has no value",
						"Set the exact value the claim must have, or \"{name}\" for the value of a path variable.");
			}
			Matcher variable = VARIABLE.matcher(value);
			if (!variable.matches()) {
				conditions.add(new ClaimCondition(claim, path, value, null));
				continue;
			}
			String name = variable.group(1);
			for (String pattern : rule.getPaths()) {
				if (!RequestPatterns.variables(pattern).contains(name)) {
					throw new ApiSecConfigurationException(property,
							"the claim '" + claim + "' of rule '" + ruleName + "' takes its value from {" + name
									+ "}, which is not a variable of the path '" + pattern + "'",
							"Use a variable that every path of the rule declares, e.g. paths: [\"/api/tenants/{tenantId}"
									+ "/**\"] with claims: { tenant: \"{tenantId}\" }, or give the paths without it "
									+ "a rule of their own.");
				}
			}
			conditions.add(new ClaimCondition(claim, path, null, name));
		}
		return conditions;
	}

	private static String expression(String prefix, String ruleName, String expression) {
		try {
			RuleExpression.parse(ruleName, expression, null);
		}
		catch (ParseException ex) {
			throw new ApiSecConfigurationException(prefix + ".expression",
					"the expression of rule '" + ruleName + "' is not valid SpEL: " + ex.getMessage(),
					"Write a Spring Security expression such as \"hasRole('ADMIN') or #tenantId == "
							+ "authentication.name\"; path variables are #name, the request is request.");
		}
		return expression;
	}

	private static String stripScopePrefix(String scope) {
		return scope.startsWith("SCOPE_") ? scope.substring("SCOPE_".length()) : scope;
	}

	private static String stripRolePrefix(String role) {
		return role.startsWith("ROLE_") ? role.substring("ROLE_".length()) : role;
	}

}
