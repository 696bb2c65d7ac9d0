package dev.apisec.test;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Adds the properties of one list entry or one named group (a rule, a policy, a client)
 * to a test's {@link DynamicPropertyRegistry}, written as {@code name=value} the way
 * {@code @SpringBootTest(properties = ...)} takes them, so that the test still shows
 * every property it sets.
 */
public final class TestProperties {

	private TestProperties() {
	}

	/**
	 * Add {@code prefix.name=value} for every setting.
	 * @param registry the test's property registry
	 * @param prefix the common prefix, such as {@code apisec.authorization.rules[0]}
	 * @param settings {@code name=value} pairs; the value is everything after the first
	 * {@code =}
	 */
	public static void add(DynamicPropertyRegistry registry, String prefix, String... settings) {
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Not a name=value setting: " + setting);
			}
			String value = setting.substring(equals + 1);
			registry.add(prefix + "." + setting.substring(0, equals), () -> value);
		}
	}

}
