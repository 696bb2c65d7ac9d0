package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.apisec.support.RequestPatterns;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The configured rules in their order, the first matching rule deciding and the default
 * access when none matches, as Spring Security's {@code authorizeHttpRequests} would
 * decide with one {@code requestMatchers(...).access(...)} per rule, but without trying
 * every rule on every request. Each path pattern is filed in a tree under its literal
 * leading segments ({@code /api/orders/{id}} under {@code api}, then {@code orders}); a
 * request only tries the rules filed along its own leading segments, in rule order. A
 * rule filed under {@code api/orders} cannot match a path that does not begin with those
 * segments, since Spring path patterns compare literal segments exactly (case-sensitive,
 * decoded), so the first matching rule is the same. Segments that are not plain literals
 * (variables, wildcards, anything percent-encoded) end a pattern's filing, which only
 * adds candidates.
 */
final class RuleIndex implements AuthorizationManager<RequestAuthorizationContext> {

	private final Node root;

	private final int depth;

	private final RequestMatcher[] matchers;

	private final List<AuthorizationManager<RequestAuthorizationContext>> managers;

	private final AuthorizationManager<RequestAuthorizationContext> fallback;

	/**
	 * Index rules.
	 * @param rules the rules, in order
	 * @param managerForRule the manager deciding for a rule
	 * @param fallback the manager deciding when no rule matches
	 */
	RuleIndex(List<AuthorizationRule> rules,
			Function<AuthorizationRule, ? extends AuthorizationManager<RequestAuthorizationContext>> managerForRule,
			AuthorizationManager<RequestAuthorizationContext> fallback) {
		this.matchers = new RequestMatcher[rules.size()];
		this.managers = new ArrayList<>(rules.size());
		Builder root = new Builder();
		int depth = 0;
		for (int i = 0; i < rules.size(); i++) {
			AuthorizationRule rule = rules.get(i);
			this.matchers[i] = RequestPatterns.matcher(rule.paths(), rule.methods());
			this.managers.add(managerForRule.apply(rule));
			for (String path : rule.paths()) {
				Builder node = root;
				List<String> prefix = literalPrefix(path);
				for (String segment : prefix) {
					node = node.children.computeIfAbsent(segment, (name) -> new Builder());
				}
				node.add(i);
				depth = Math.max(depth, prefix.size());
			}
		}
		this.root = root.build();
		this.depth = depth;
		this.fallback = fallback;
	}

	/**
	 * Return the leading segments of a path pattern that are plain literals.
	 * @param pattern a validated path pattern
	 * @return the literal segments before the first segment that is not one
	 */
	static List<String> literalPrefix(String pattern) {
		List<String> segments = new ArrayList<>();
		for (String segment : pattern.substring(1).split("/", -1)) {
			if (!isPlainLiteral(segment)) {
				break;
			}
			segments.add(segment);
		}
		return segments;
	}

	// Unreserved URI characters only: no variable, wildcard, encoding or matrix
	// parameter.
	private static boolean isPlainLiteral(String segment) {
		if (segment.isEmpty()) {
			return false;
		}
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~';
			if (!unreserved) {
				return false;
			}
		}
		return true;
	}

	@Override
	public AuthorizationResult authorize(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		HttpServletRequest request = context.getRequest();
		// The path as Spring Security's path-pattern matchers see it, parsed once for all
		// of them.
		boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
		RequestPath path = parsed ? ServletRequestPathUtils.getParsedRequestPath(request)
				: ServletRequestPathUtils.parseAndCache(request);
		try {
			return authorize(authentication, request, context,
					path.subPath(path.contextPath().elements().size()).elements());
		}
		finally {
			if (!parsed) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		AuthorizationResult result = authorize(authentication, context);
		return (result instanceof AuthorizationDecision decision) ? decision
				: new AuthorizationDecision(result.isGranted());
	}

	private AuthorizationResult authorize(Supplier<Authentication> authentication, HttpServletRequest request,
			RequestAuthorizationContext context, List<PathContainer.Element> elements) {
		// The nodes along the request's leading segments, root first.
		Node[] nodes = new Node[this.depth + 1];
		int count = 0;
		Node node = this.root;
		nodes[count++] = node;
		for (PathContainer.Element element : elements) {
			if (count > this.depth) {
				break;
			}
			if (element instanceof PathContainer.PathSegment segment) {
				node = node.child(segment.valueToMatch());
				if (node == null) {
					break;
				}
				nodes[count++] = node;
			}
		}
		// Their rules merged in rule order: each node's list is sorted.
		int[] next = new int[count];
		int tried = -1;
		while (true) {
			int best = -1;
			int from = -1;
			for (int k = 0; k < count; k++) {
				int[] rules = nodes[k].rules;
				if (next[k] < rules.length && (best < 0 || rules[next[k]] < best)) {
					best = rules[next[k]];
					from = k;
				}
			}
			if (best < 0) {
				return this.fallback.authorize(authentication, context);
			}
			next[from]++;
			if (best == tried) {
				continue;
			}
			tried = best;
			RequestMatcher.MatchResult match = this.matchers[best].matcher(request);
			if (match.isMatch()) {
				return this.managers.get(best)
					.authorize(authentication, new RequestAuthorizationContext(request, match.getVariables()));
			}
		}
	}

	private static final class Node {

		private final Map<String, Node> children;

		private final int[] rules;

		Node(Map<String, Node> children, int[] rules) {
			this.children = children;
			this.rules = rules;
		}

		Node child(String segment) {
			return this.children.get(segment);
		}

	}

	private static final class Builder {

		private final Map<String, Builder> children = new HashMap<>();

		private final List<Integer> rules = new ArrayList<>();

		void add(int rule) {
			// Rules are added in order, so the list stays sorted; a rule with two paths
			// filed under the same node is listed once.
			if (this.rules.isEmpty() || this.rules.get(this.rules.size() - 1) != rule) {
				this.rules.add(rule);
			}
		}

		Node build() {
			Map<String, Node> built = new HashMap<>();
			this.children.forEach((name, child) -> built.put(name, child.build()));
			return new Node(Map.copyOf(built), this.rules.stream().mapToInt(Integer::intValue).toArray());
		}

	}

}
