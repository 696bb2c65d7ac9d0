package dev.apisec.jwt;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Auto-configuration of JWT validation from {@code apisec.jwt.*}: the trusted issuers
 * with their key caches and the starter's {@link JwtDecoder}. Runs after Spring Boot's
 * resource server auto-configuration, so a decoder configured through
 * {@code spring.security.oauth2.resourceserver.*} or defined by the user wins.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class,
		before = UserDetailsServiceAutoConfiguration.class)
@ConditionalOnApiSecEnabled
@ConditionalOnClass({ JwtDecoder.class, ObjectMapper.class, Caffeine.class, JWKSet.class })
@EnableConfigurationProperties(JwtProperties.class)
public class JwtAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TrustedIssuers apisecTrustedIssuers(JwtProperties properties, ObjectProvider<JwtEventListener> listeners,
			Environment environment) {
		RoleMappingKeys.check(environment);
		return new TrustedIssuersFactory(properties, Clock.systemUTC(),
				JwtEventListener.of(listeners.orderedStream().toList()))
			.build();
	}

	/**
	 * The check that warns when issuers are configured but another decoder validates
	 * tokens ({@link JwtDecoderCheck}).
	 * @param properties the JWT properties
	 * @param decoders the decoders
	 * @return the check
	 */
	@Bean
	@ConditionalOnMissingBean(name = "apisecJwtDecoderCheck")
	static SmartInitializingSingleton apisecJwtDecoderCheck(ObjectProvider<JwtProperties> properties,
			ObjectProvider<JwtDecoder> decoders) {
		return new JwtDecoderCheck(properties, decoders);
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	ApiSecJwtDecoder apisecJwtDecoder(JwtProperties properties, TrustedIssuers issuers,
			ObjectProvider<JwtEventListener> listeners) {
		Clock clock = Clock.systemUTC();
		JwtProperties.ValidatedTokenCache cacheProperties = properties.getValidatedTokenCache();
		ValidatedTokenCache cache = cacheProperties.isEnabled()
				? new ValidatedTokenCache(cacheProperties.getMaxSize(), cacheProperties.getMaxTtl(), clock) : null;
		return new ApiSecJwtDecoder(issuers, cache, clock, properties.getClockSkew(), properties.getMaxTokenLifetime(),
				JwtEventListener.of(listeners.orderedStream().toList()));
	}

}
