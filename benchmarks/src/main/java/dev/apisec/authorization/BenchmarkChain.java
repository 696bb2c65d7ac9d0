package dev.apisec.authorization;

import java.util.List;
import java.util.function.Supplier;

import dev.apisec.audit.SecurityObservations;
import dev.apisec.jwt.JwtProperties;
import dev.apisec.support.RequestPatterns;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;

/**
 * The authorization of the starter's chain for benchmarks, built as
 * {@code ApiSecurityFilterChainConfiguration} builds it: the configured rules in a
 * {@link RuleIndex}, each with its {@link RuleAuthorizationManager}, then default deny.
 * Role names are those of one JWT issuer with the default role case.
 */
final class BenchmarkChain {

	private BenchmarkChain() {
	}

	private static RoleNameForms oneIssuer() {
		JwtProperties jwt = new JwtProperties();
		jwt.getIssuers().add(new JwtProperties.Issuer());
		return RoleNameForms.of(jwt);
	}

	static AuthorizationManager<HttpServletRequest> of(AuthorizationProperties properties, String roleHierarchy) {
		RoleNameForms roleNames = oneIssuer();
		RoleHierarchy hierarchy = RoleHierarchyFactory.create(List.of(roleHierarchy), roleNames);
		RuleIndex index = new RuleIndex(AuthorizationRules.from(properties).rules(),
				(rule) -> RuleAuthorizationManager.forRule(rule, hierarchy, roleNames, SecurityObservations.NONE),
				RuleAuthorizationManager.forDefault(AuthorizationProperties.Access.DENY, SecurityObservations.NONE));
		// As the chain calls it: anyRequest() with a context of the request.
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<Authentication> authentication, HttpServletRequest request) {
				return index.authorize(authentication, new RequestAuthorizationContext(request));
			}

			@Override
			@Deprecated
			@SuppressWarnings("deprecation")
			public AuthorizationDecision check(Supplier<Authentication> authentication, HttpServletRequest request) {
				return index.check(authentication, new RequestAuthorizationContext(request));
			}
		};
	}

	/**
	 * The same rules as Spring Security's {@code authorizeHttpRequests} holds them with
	 * one {@code requestMatchers(...).access(...)} per rule, tried in order: how the
	 * starter matched before the index, for comparison.
	 */
	static RequestMatcherDelegatingAuthorizationManager linear(AuthorizationProperties properties,
			String roleHierarchy) {
		RoleNameForms roleNames = oneIssuer();
		RoleHierarchy hierarchy = RoleHierarchyFactory.create(List.of(roleHierarchy), roleNames);
		RequestMatcherDelegatingAuthorizationManager.Builder builder = RequestMatcherDelegatingAuthorizationManager
			.builder();
		for (AuthorizationRule rule : AuthorizationRules.from(properties).rules()) {
			builder.add(RequestPatterns.matcher(rule.paths(), rule.methods()),
					RuleAuthorizationManager.forRule(rule, hierarchy, roleNames, SecurityObservations.NONE));
		}
		builder.add((request) -> true,
				RuleAuthorizationManager.forDefault(AuthorizationProperties.Access.DENY, SecurityObservations.NONE));
		return builder.build();
	}

}
