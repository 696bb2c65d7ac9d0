package dev.apisec.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.StringUtils;

/**
 * Attributes given to an API key or a client certificate in configuration, made ready for
 * the claims conditions of authorization rules: values trimmed, blank values dropped, an
 * attribute left without values dropped, everything immutable.
 */
public final class ConfiguredAttributes {

	private ConfiguredAttributes() {
	}

	/**
	 * Return an immutable, cleaned copy of configured attributes.
	 * @param attributes the attributes as bound, may be {@code null}
	 * @return the attributes, each with at least one value
	 */
	public static Map<String, List<String>> copyOf(Map<String, List<String>> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> result = new LinkedHashMap<>();
		attributes.forEach((name, values) -> {
			List<String> kept = (values != null)
					? values.stream().filter(StringUtils::hasText).map(String::trim).toList() : List.of();
			if (!kept.isEmpty()) {
				result.put(name, kept);
			}
		});
		return Map.copyOf(result);
	}

}
