package dev.apisec.authorization;

import dev.apisec.audit.ApiSecAuditAutoConfiguration;
import dev.apisec.jwt.JwtProperties;
import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the starter's filter chain from {@code apisec.authorization.*}:
 * ordered path rules, default deny, actuator access, the role hierarchy and method
 * security. Runs before Spring Boot's security auto-configurations so that their default
 * chains back off, and after the audit auto-configuration, whose security events report
 * the chain's authentications.
 */
@AutoConfiguration(after = ApiSecAuditAutoConfiguration.class,
		before = { SecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class },
		beforeName = "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration")
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableConfigurationProperties(AuthorizationProperties.class)
@Import({ ApiSecurityFilterChainConfiguration.class, AuthenticationSuccessConfiguration.class })
public class AuthorizationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthorizationRules apisecAuthorizationRules(AuthorizationProperties properties) {
		return AuthorizationRules.from(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RoleHierarchy roleHierarchy(AuthorizationProperties properties, ObjectProvider<JwtProperties> jwtProperties) {
		return RoleHierarchyFactory.create(properties.getRoleHierarchy(),
				RoleNameForms.of(jwtProperties.getIfAvailable()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "apisec.authorization.method-security", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "preAuthorizeAuthorizationMethodInterceptor")
	@EnableMethodSecurity
	static class MethodSecurityConfiguration {

	}

}
