package dev.apisec.bench.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The floor of any Spring Security protection: Spring Security's filter chain in the request
 * path with nothing to do (every request permitted, no authentication, no headers, stateless,
 * and without Spring Security's own observations, which the starter turns off too). The gap
 * between {@code none} and {@code floor} is what Spring Security costs before any token is
 * read; neither the starter nor a hand-written configuration can go below it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("floor")
class SecurityFloorConfiguration {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.headers((headers) -> headers.disable());
		http.anonymous((anonymous) -> anonymous.disable());
		return http.build();
	}

}
