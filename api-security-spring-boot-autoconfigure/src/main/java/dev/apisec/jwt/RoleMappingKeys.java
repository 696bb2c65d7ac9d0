package dev.apisec.jwt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Refuses at startup a role mapping key that Spring Boot's binding changes. Outside
 * brackets a map key keeps only ASCII letters, digits, '_', '.' and '-' (not leading):
 * {@code "Store Managers": MANAGER} is bound as {@code StoreManagers}, so the identity
 * provider's role "Store Managers" would never be mapped, and nothing would say so. The
 * binder cannot tell, so the names are read as written in the property sources and
 * adapted as Spring Boot adapts them; the bracket form ({@code "[Store Managers]"}) keeps
 * the key and passes.
 */
final class RoleMappingKeys {

	/**
	 * A mapping entry written without brackets: issuer index, then the key as written.
	 */
	private static final Pattern UNBRACKETED = Pattern
		.compile("apisec\\.jwt\\.issuers\\[(\\d+)]\\.roles\\.mapping\\.(.+)");

	private RoleMappingKeys() {
	}

	static void check(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return;
		}
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("apisec.jwt.issuers[")) {
						check(name, source.getName());
					}
				}
			}
		}
	}

	private static void check(String name, String sourceName) {
		Matcher matcher = UNBRACKETED.matcher(name);
		if (!matcher.matches()) {
			return;
		}
		String key = matcher.group(2);
		String mapping = "apisec.jwt.issuers[" + matcher.group(1) + "].roles.mapping";
		String bound = bound(name, mapping);
		if (bound.equals(key)) {
			return;
		}
		throw new ApiSecConfigurationException(name,
				"the role mapping key '" + key + "' (in " + sourceName + ") would be bound as '" + bound
						+ "': outside brackets Spring Boot keeps only ASCII letters, digits, '_', '.' and inner '-' of "
						+ "a map key, so the role '" + key + "' would never be mapped",
				"Write the key in brackets, quoted in YAML: \"[" + key + "]\": ROLE under " + mapping + ", or "
						+ mapping + "[" + key + "]=ROLE in a .properties file or on the command line.");
	}

	/**
	 * The key as Spring Boot binds an unbracketed map key: the name adapted the way a
	 * property source's names are, its elements after the mapping's in their original
	 * form.
	 */
	private static String bound(String name, String mapping) {
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
		int first = ConfigurationPropertyName.of(mapping).getNumberOfElements();
		StringBuilder key = new StringBuilder();
		for (int i = first; i < adapted.getNumberOfElements(); i++) {
			key.append((i > first) ? "." : "").append(adapted.getElement(i, Form.ORIGINAL));
		}
		return key.toString();
	}

}
