package dev.apisec.jwt;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Warns at startup when issuers are configured but another decoder validates tokens
 * (Spring Boot's, from {@code spring.security.oauth2.resourceserver.jwt.*}, or the
 * application's): the issuers then only map roles, and their keys, audiences and
 * algorithms are silently not checked, which is rarely what was meant.
 */
final class JwtDecoderCheck implements SmartInitializingSingleton {

	// Logged under the auto-configuration's name: the warning is about its configuration.
	private static final Log logger = LogFactory.getLog(JwtAutoConfiguration.class);

	private final ObjectProvider<JwtProperties> properties;

	private final ObjectProvider<JwtDecoder> decoders;

	JwtDecoderCheck(ObjectProvider<JwtProperties> properties, ObjectProvider<JwtDecoder> decoders) {
		this.properties = properties;
		this.decoders = decoders;
	}

	@Override
	public void afterSingletonsInstantiated() {
		JwtProperties jwt = this.properties.getIfAvailable();
		JwtDecoder decoder = this.decoders.getIfUnique();
		if (jwt != null && !jwt.getIssuers().isEmpty() && decoder != null && !(decoder instanceof ApiSecJwtDecoder)) {
			logger.warn("apisec.jwt.issuers is configured, but tokens are validated by another JwtDecoder ("
					+ decoder.getClass().getName() + ", from spring.security.oauth2.resourceserver.jwt.* "
					+ "or a bean of the application's): the issuers' keys, audiences, algorithms and "
					+ "lifetimes are not checked, only their role mapping applies. Remove "
					+ "spring.security.oauth2.resourceserver.jwt.* (or the bean) to validate with "
					+ "apisec.jwt.issuers.");
		}
	}

}
