package dev.apisec.authorization;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Callback to adjust the {@link HttpSecurity} of the starter's filter chain after the
 * starter has configured it and before it is built. Beans of this type are applied in
 * order.
 */
@FunctionalInterface
public interface ApiSecHttpSecurityCustomizer {

	/**
	 * Customize the HTTP security.
	 * @param http the HTTP security of the starter's chain
	 * @throws Exception on a configuration error
	 */
	void customize(HttpSecurity http) throws Exception;

}
