package dev.apisec.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A path into a token's claims: {@code realm_access.roles}, or with brackets for names
 * that contain dots, {@code ['https://example.com/roles']} or
 * {@code resource_access['my.client'].roles}. Parsed once at startup.
 */
public final class ClaimPath {

	private final List<String> segments;

	private ClaimPath(List<String> segments) {
		this.segments = List.copyOf(segments);
	}

	static ClaimPath of(String... segments) {
		return new ClaimPath(List.of(segments));
	}

	/**
	 * Parse a claim path.
	 * @param path the path
	 * @return the parsed path
	 * @throws IllegalArgumentException if the path is malformed
	 */
	public static ClaimPath parse(String path) {
		if (path == null || path.isBlank()) {
			throw new IllegalArgumentException("a claim path must not be empty");
		}
		List<String> segments = new ArrayList<>();
		int i = 0;
		int length = path.length();
		while (i < length) {
			char c = path.charAt(i);
			if (c == '[') {
				if (i + 1 >= length || (path.charAt(i + 1) != '\'' && path.charAt(i + 1) != '"')) {
					throw new IllegalArgumentException("'[' must be followed by a quote in '" + path + "'");
				}
				char quote = path.charAt(i + 1);
				int end = path.indexOf(quote, i + 2);
				if (end < 0 || end + 1 >= length || path.charAt(end + 1) != ']') {
					throw new IllegalArgumentException("unterminated bracket in '" + path + "'");
				}
				String name = path.substring(i + 2, end);
				if (name.isEmpty()) {
					throw new IllegalArgumentException("empty bracketed name in '" + path + "'");
				}
				segments.add(name);
				i = end + 2;
				if (i < length && path.charAt(i) == '.') {
					i++;
					if (i >= length) {
						throw new IllegalArgumentException("trailing '.' in '" + path + "'");
					}
				}
			}
			else {
				int end = i;
				while (end < length && path.charAt(end) != '.' && path.charAt(end) != '[') {
					end++;
				}
				if (end == i) {
					throw new IllegalArgumentException("empty segment in '" + path + "'");
				}
				segments.add(path.substring(i, end));
				i = end;
				if (i < length && path.charAt(i) == '.') {
					i++;
					if (i >= length) {
						throw new IllegalArgumentException("trailing '.' in '" + path + "'");
					}
				}
			}
		}
		return new ClaimPath(segments);
	}

	List<String> segments() {
		return this.segments;
	}

	/**
	 * Return the value at this path, or {@code null} when any segment is missing or not
	 * an object.
	 * @param claims the token's claims
	 * @return the value or {@code null}
	 */
	public Object resolve(Map<String, Object> claims) {
		Object current = claims;
		for (String segment : this.segments) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(segment);
		}
		return current;
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof ClaimPath other) && this.segments.equals(other.segments);
	}

	@Override
	public int hashCode() {
		return this.segments.hashCode();
	}

	@Override
	public String toString() {
		StringBuilder result = new StringBuilder();
		for (String segment : this.segments) {
			if (segment.indexOf('.') >= 0 || segment.indexOf('[') >= 0) {
				result.append("['").append(segment).append("']");
			}
			else {
				if (!result.isEmpty()) {
					result.append('.');
				}
				result.append(segment);
			}
		}
		return result.toString();
	}

}
