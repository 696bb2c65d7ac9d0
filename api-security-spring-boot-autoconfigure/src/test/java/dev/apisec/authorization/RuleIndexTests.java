package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.apisec.authorization.AuthorizationProperties.Access;
import dev.apisec.support.RequestPatterns;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RuleIndex} against Spring Security's
 * {@link RequestMatcherDelegatingAuthorizationManager} with one entry per rule, the way
 * the rules were registered before the index: for every request the same rule must
 * decide, with the same path variables.
 */
class RuleIndexTests {

	private static final Supplier<Authentication> USER = () -> new TestingAuthenticationToken("user", null,
			"ROLE_USER");

	/**
	 * Patterns with literal, variable, wildcard and encoded leading segments, in rule
	 * order.
	 */
	private static final List<AuthorizationRule> RULES = List.of(rule("health", "/api/health"),
			rule("order", "/api/orders/{id}"), rule("orders-post", Set.of(HttpMethod.POST), "/api/orders"),
			rule("v-star", "/api/v*/items"), rule("tenant", "/{tenant}/orders/**"),
			rule("two-paths", "/api/reports/**", "/reports/{id}"), rule("upper", "/API/upper"),
			rule("api-all", "/api/**"), rule("encoded", "/caf%C3%A9/menu"), rule("plain-cafe", "/café/menu"),
			rule("trailing", "/docs/"), rule("root", "/"), rule("capture", "/files/{*rest}"),
			rule("regex", "/items/{id:[0-9]+}"), rule("question", "/q?/x"), rule("deep", "/a/b/c/d/e"),
			rule("everything", Set.of(HttpMethod.GET), "/**"));

	@Test
	void theSameRuleDecidesAsWithOneMatcherPerRule() {
		RuleIndex index = new RuleIndex(RULES, RuleIndexTests::named, named("default-access"));
		RequestMatcherDelegatingAuthorizationManager.Builder builder = RequestMatcherDelegatingAuthorizationManager
			.builder();
		for (AuthorizationRule rule : RULES) {
			builder.add(RequestPatterns.matcher(rule.paths(), rule.methods()), named(rule));
		}
		builder.add((request) -> true, named("default-access"));
		RequestMatcherDelegatingAuthorizationManager linear = builder.build();

		String[] segments = { "api", "API", "orders", "health", "v1", "vx", "items", "reports", "acme", "upper",
				"caf%C3%A9", "café", "menu", "docs", "files", "42", "x", "q1", "a", "b", "c", "d", "e", "%61pi", "" };
		Random random = new Random(20261123);
		List<MockHttpServletRequest> requests = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			StringBuilder path = new StringBuilder();
			for (int n = random.nextInt(7); n >= 0; n--) {
				path.append('/').append(segments[random.nextInt(segments.length)]);
			}
			if (random.nextInt(5) == 0) {
				path.append('/');
			}
			boolean withContext = random.nextInt(4) == 0;
			MockHttpServletRequest request = new MockHttpServletRequest(random.nextBoolean() ? "GET" : "POST",
					(withContext ? "/ctx" : "") + path);
			if (withContext) {
				request.setContextPath("/ctx");
			}
			requests.add(request);
		}
		// Paths made for the rules that random paths seldom reach.
		for (String path : new String[] { "/api/orders", "/api/v1/items", "/api/v2/items/", "/a/b/c/d/e",
				"/a/b/c/d/e/f", "/a/b/c", "/caf%C3%A9/menu", "/caf%25C3%25A9/menu" }) {
			requests.add(new MockHttpServletRequest("POST", path));
			requests.add(new MockHttpServletRequest("GET", path));
		}
		Map<String, Integer> deciders = new TreeMap<>();
		for (MockHttpServletRequest request : requests) {
			String expected = describe(linear.authorize(USER, request));
			String actual = describe(index.authorize(USER, new RequestAuthorizationContext(request)));
			assertThat(actual).as("%s %s", request.getMethod(), request.getRequestURI()).isEqualTo(expected);
			assertThat(ServletRequestPathUtils.hasParsedRequestPath(request)).isFalse();
			deciders.merge(expected.substring(0, expected.indexOf(' ')), 1, Integer::sum);
		}
		// The corpus reaches every rule, so every rule's filing is compared ("encoded"
		// only by a double-encoded path: patterns compare their literals with the decoded
		// path).
		assertThat(deciders.keySet()).containsAll(RULES.stream().map(AuthorizationRule::name).toList())
			.contains("default-access");
	}

	@Test
	void literalPrefixStopsAtTheFirstSegmentThatIsNotAPlainLiteral() {
		assertThat(RuleIndex.literalPrefix("/api/orders/{id}")).containsExactly("api", "orders");
		assertThat(RuleIndex.literalPrefix("/api/v*/items")).containsExactly("api");
		assertThat(RuleIndex.literalPrefix("/caf%C3%A9/menu")).isEmpty();
		assertThat(RuleIndex.literalPrefix("/docs/")).containsExactly("docs");
		assertThat(RuleIndex.literalPrefix("/")).isEmpty();
		assertThat(RuleIndex.literalPrefix("/**")).isEmpty();
	}

	@Test
	void aRuleThatDoesNotMatchLeavesTheDecisionToTheNextOne() {
		RuleIndex index = new RuleIndex(
				List.of(rule("orders-post", Set.of(HttpMethod.POST), "/api/orders"), rule("api-all", "/api/**")),
				RuleIndexTests::named, named("default-access"));
		assertThat(describe(index.authorize(USER, context("GET", "/api/orders")))).startsWith("api-all ");
		assertThat(describe(index.authorize(USER, context("POST", "/api/orders")))).startsWith("orders-post ");
		assertThat(describe(index.authorize(USER, context("GET", "/other")))).startsWith("default-access ");
	}

	private static RequestAuthorizationContext context(String method, String path) {
		return new RequestAuthorizationContext(new MockHttpServletRequest(method, path));
	}

	private static AuthorizationRule rule(String name, String... paths) {
		return rule(name, Set.of(), paths);
	}

	private static AuthorizationRule rule(String name, Set<HttpMethod> methods, String... paths) {
		for (String path : paths) {
			RequestPatterns.validatePattern(name, path);
		}
		return new AuthorizationRule(name, List.of(paths), methods, Access.AUTHENTICATED, List.of(), List.of(),
				List.of(), null);
	}

	private static AuthorizationManager<RequestAuthorizationContext> named(AuthorizationRule rule) {
		return named(rule.name());
	}

	private static AuthorizationManager<RequestAuthorizationContext> named(String name) {
		return new AuthorizationManager<>() {
			@Override
			@SuppressWarnings("deprecation")
			public AuthorizationDecision check(Supplier<Authentication> authentication,
					RequestAuthorizationContext context) {
				return new Named(name, context.getVariables());
			}
		};
	}

	private static String describe(AuthorizationResult result) {
		Named named = (Named) result;
		return named.name + " " + new TreeMap<>(named.variables);
	}

	static final class Named extends AuthorizationDecision {

		final String name;

		final Map<String, String> variables;

		Named(String name, Map<String, String> variables) {
			super(true);
			this.name = name;
			this.variables = variables;
		}

	}

}
