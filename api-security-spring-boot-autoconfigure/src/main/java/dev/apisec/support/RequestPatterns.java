package dev.apisec.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Path patterns and HTTP methods from configuration, validated at startup and turned into
 * request matchers. Shared by the authorization rules and the rate-limit policies so that
 * both match requests the same way: Spring path patterns, case-sensitive, never regular
 * expressions.
 */
public final class RequestPatterns {

	private RequestPatterns() {
	}

	/**
	 * Fail with the property's name unless the pattern is a valid Spring path pattern.
	 * @param property the property holding the pattern
	 * @param pattern the pattern
	 */
	public static void validatePattern(String property, String pattern) {
		if (!StringUtils.hasText(pattern) || !pattern.startsWith("/")) {
			throw new ApiSecConfigurationException(property, "'" + pattern + "' is not a path pattern",
					"Use a Spring path pattern starting with '/', such as /api/products/** or /api/orders/{id}.");
		}
		try {
			PathPatternParser.defaultInstance.parse(pattern);
		}
		catch (PatternParseException ex) {
			throw new ApiSecConfigurationException(property,
					"'" + pattern + "' is not a valid path pattern: " + ex.getMessage(),
					"Use Spring path pattern syntax: '*' within a segment, '**' or '{*name}' only at the end, "
							+ "'{name}' for a variable; regular expressions are not supported.");
		}
	}

	/**
	 * Return the names of the variables a valid path pattern declares: {@code {name}},
	 * {@code {name:regex}} and {@code {*name}}.
	 * @param pattern a validated path pattern
	 * @return the variable names in order of appearance
	 */
	public static Set<String> variables(String pattern) {
		Set<String> names = new LinkedHashSet<>();
		int start = pattern.indexOf('{');
		while (start >= 0) {
			// A regular expression may hold braces of its own: {id:[0-9]{3}}.
			int depth = 0;
			int end = start;
			while (end < pattern.length()) {
				char c = pattern.charAt(end);
				depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
				if (depth == 0) {
					break;
				}
				end++;
			}
			if (end >= pattern.length()) {
				break;
			}
			String variable = pattern.substring(start + 1, end);
			variable = variable.startsWith("*") ? variable.substring(1) : variable;
			int colon = variable.indexOf(':');
			names.add((colon >= 0) ? variable.substring(0, colon) : variable);
			start = pattern.indexOf('{', end + 1);
		}
		return names;
	}

	/**
	 * Parse an HTTP method name, failing with the property's name.
	 * @param property the property holding the method
	 * @param value the method name, any case
	 * @return the method
	 */
	public static HttpMethod parseMethod(String property, String value) {
		String name = (value != null) ? value.trim().toUpperCase(Locale.ROOT) : "";
		for (HttpMethod method : HttpMethod.values()) {
			if (method.name().equals(name)) {
				return method;
			}
		}
		throw new ApiSecConfigurationException(property, "'" + value + "' is not an HTTP method",
				"Use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE.");
	}

	/**
	 * Return a matcher for any of the paths with any of the methods (all methods when
	 * none are given).
	 * @param paths validated path patterns
	 * @param methods methods, may be empty
	 * @return the matcher
	 */
	public static RequestMatcher matcher(List<String> paths, Collection<HttpMethod> methods) {
		List<RequestMatcher> matchers = new ArrayList<>();
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		for (String path : paths) {
			if (methods.isEmpty()) {
				matchers.add(builder.matcher(path));
			}
			else {
				methods.forEach((method) -> matchers.add(builder.matcher(method, path)));
			}
		}
		return (matchers.size() == 1) ? matchers.get(0) : new OrRequestMatcher(matchers);
	}

}
