package dev.apisec.authorization;

import dev.apisec.jwt.JwtAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IntrospectorCacheRemoval}: Spring MVC's handler-mapping cache filter
 * goes only where the starter's chain is the only one.
 */
class IntrospectorCacheRemovalTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthorizationAutoConfiguration.class, JwtAutoConfiguration.class,
				SecurityAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class));

	@Test
	void theStartersOnlyChainIsTheFilterChainProxyItself() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(filterChain(context)).isNotEqualTo(MVC_COMPOSITE);
		});
	}

	@Test
	void anApplicationsOwnChainKeepsTheCacheFilter() {
		this.contextRunner.withUserConfiguration(OwnChain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(filterChain(context)).isEqualTo(MVC_COMPOSITE);
			assertThat(context.getBean(IntrospectorCacheRemoval.FILTER_CHAIN_BEAN, FilterChainProxy.class)
				.getFilterChains()).hasSize(2);
		});
	}

	// Spring Security's wrapper that puts the cache filter first.
	private static String filterChain(ApplicationContext context) {
		return context.getBean(IntrospectorCacheRemoval.FILTER_CHAIN_BEAN).getClass().getName();
	}

	private static final String MVC_COMPOSITE = "org.springframework.security.config.annotation.web.configuration."
			+ "WebMvcSecurityConfiguration$CompositeFilterChainProxy";

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		@Order(1)
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.securityMatcher("/own/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

	}

}
