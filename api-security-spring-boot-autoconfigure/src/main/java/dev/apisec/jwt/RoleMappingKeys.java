package dev.apisec.jwt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Refuses at startup a role mapping key that Spring Boot's binding changes. Outside
 * brackets a map key keeps only letters, digits, '-' and '.': {@code "Store Managers": MANAGER}
 * is bound as {@code StoreManagers}, so the identity provider's role "Store Managers" would
 * never be mapped, and nothing would say so. The binder cannot tell, so the names are read
 * as written in the property sources; the bracket form ({@code "[Store Managers]"}) keeps
 * the key and passes.
 */
final class RoleMappingKeys {

	/** A mapping entry written without brackets: issuer index, then the key as written. */
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
		String bound = bound(key);
		if (bound.equals(key)) {
			return;
		}
		String mapping = "apisec.jwt.issuers[" + matcher.group(1) + "].roles.mapping";
		throw new ApiSecConfigurationException(name,
				"the role mapping key '" + key + "' (in " + sourceName + ") would be bound as '" + bound
						+ "': outside brackets Spring Boot keeps only letters, digits, '-' and '.' of a map key, so "
						+ "the role '" + key + "' would never be mapped",
				"Write the key in brackets, quoted in YAML: \"[" + key + "]\": ROLE under " + mapping
						+ ", or " + mapping + "[" + key + "]=ROLE in a .properties file or on the command line.");
	}

	/** The key as Spring Boot binds an unbracketed map key: other characters are dropped. */
	private static String bound(String key) {
		StringBuilder bound = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
				bound.append(c);
			}
		}
		return bound.toString();
	}

}
