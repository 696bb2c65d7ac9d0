package dev.apisec.authorization;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

import dev.apisec.jwt.ClaimPath;

/**
 * One condition of a rule on an attribute of the caller (a token claim, an API key's or a
 * client certificate's attribute): the attribute must equal a fixed value, or the value
 * of a variable of the rule's path pattern. Values compare as strings, exactly; a list
 * attribute matches when one of its elements does; a missing attribute, or an empty path
 * variable, never matches. A name with dots is looked up as a top-level claim first, then
 * as a path into nested claims ({@code realm_access.tenant}).
 *
 * @param name the attribute as configured, e.g. {@code tenant} or
 * {@code realm_access.tenant}
 * @param path the parsed attribute path
 * @param value the value required, or {@code null} when a path variable gives it
 * @param variable the path variable whose value is required, or {@code null}
 */
public record ClaimCondition(String name, ClaimPath path, String value, String variable) {

	public ClaimCondition {
		if (name == null || path == null || (value == null) == (variable == null)) {
			throw new IllegalArgumentException(
					"A claim condition needs a name, a path and either a value or a variable");
		}
	}

	/**
	 * Return whether the caller's attributes satisfy the condition for a request.
	 * @param attributes the caller's attributes
	 * @param variables the path variables of the request
	 * @return whether the condition holds
	 */
	public boolean matches(Map<String, Object> attributes, Map<String, String> variables) {
		String expected = (this.variable != null) ? variables.get(this.variable) : this.value;
		if (expected == null || expected.isEmpty()) {
			return false;
		}
		// A top-level claim named with dots (https://example.com/tenant) before a nested
		// one.
		Object actual = attributes.get(this.name);
		if (actual == null && (this.name.indexOf('.') >= 0 || this.name.indexOf('[') >= 0)) {
			actual = this.path.resolve(attributes);
		}
		if (actual instanceof List<?> list && actual instanceof RandomAccess) {
			// Indexed: no iterator per request.
			for (int i = 0; i < list.size(); i++) {
				if (equalsScalar(list.get(i), expected)) {
					return true;
				}
			}
			return false;
		}
		if (actual instanceof Collection<?> elements) {
			for (Object element : elements) {
				if (equalsScalar(element, expected)) {
					return true;
				}
			}
			return false;
		}
		return equalsScalar(actual, expected);
	}

	/**
	 * Strings compare as they are; booleans and numbers by their JSON text ({@code true},
	 * {@code 42}, {@code 1.5}); anything else (objects, instants, null) never matches.
	 */
	private static boolean equalsScalar(Object actual, String expected) {
		if (actual instanceof String text) {
			return text.equals(expected);
		}
		if (actual instanceof BigDecimal decimal) {
			return decimal.toPlainString().equals(expected);
		}
		return (actual instanceof Boolean || actual instanceof Number) && actual.toString().equals(expected);
	}

	/**
	 * Return the condition as configured: the value, or the variable in braces.
	 * @return the required value or {@code {variable}}
	 */
	public String requirement() {
		return (this.variable != null) ? "{" + this.variable + "}" : this.value;
	}

}
