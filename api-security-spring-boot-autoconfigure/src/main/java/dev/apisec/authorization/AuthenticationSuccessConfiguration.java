package dev.apisec.authorization;

import dev.apisec.audit.SecurityEvents;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Reports the authentications of the starter's chain as security events when there are
 * security events to report to: the audit auto-configuration's (which therefore runs
 * first) or the application's own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(SecurityEvents.class)
class AuthenticationSuccessConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "apisecAuthenticationSuccessCustomizer")
	ApiSecHttpSecurityCustomizer apisecAuthenticationSuccessCustomizer(SecurityEvents events) {
		// Not a bean: it runs inside the starter's chain only, after every authentication
		// filter.
		AuthenticationSuccessFilter filter = new AuthenticationSuccessFilter(events);
		return (http) -> {
			if (events.isEnabled()) {
				http.addFilterBefore(filter, AuthorizationFilter.class);
			}
		};
	}

}
