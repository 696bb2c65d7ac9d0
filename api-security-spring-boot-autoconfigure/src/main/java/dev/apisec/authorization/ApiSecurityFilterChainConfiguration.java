package dev.apisec.authorization;

import java.util.List;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.jwt.ApiSecJwtAuthenticationConverter;
import dev.apisec.jwt.JwtProperties;
import dev.apisec.jwt.TrustedIssuers;
import dev.apisec.resource.ProtectedResourceMetadata;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.web.ProblemResponseWriter;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * The starter's {@link SecurityFilterChain}: stateless bearer-token authentication,
 * actuator rules, the configured path rules and default deny. It matches every request
 * and sits last, so a user's chains with their own request matchers are consulted first.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityFilterChainConfiguration {

	/** Name of the starter's chain bean. */
	static final String BEAN_NAME = "apisecSecurityFilterChain";

	private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest",
			ApiSecurityFilterChainConfiguration.class.getClassLoader());

	// Static: a post-processor of bean definitions is created before any bean.
	@Bean
	static IntrospectorCacheRemoval apisecIntrospectorCacheRemoval() {
		return new IntrospectorCacheRemoval();
	}

	@Bean(name = BEAN_NAME)
	@Order(ApiSecFilterOrder.SECURITY_FILTER_CHAIN)
	@ConditionalOnMissingBean(name = BEAN_NAME)
	SecurityFilterChain apisecSecurityFilterChain(HttpSecurity http, AuthorizationProperties properties,
			AuthorizationRules rules, RoleHierarchy roleHierarchy, ObjectProvider<JwtDecoder> jwtDecoder,
			ObjectProvider<Converter<Jwt, ? extends AbstractAuthenticationToken>> jwtAuthenticationConverter,
			ObjectProvider<TrustedIssuers> trustedIssuers, ObjectProvider<ProblemResponseWriter> problemResponseWriter,
			ObjectProvider<ApiSecHttpSecurityCustomizer> customizers, ObjectProvider<SecurityEvents> events,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<BearerTokenResolver> bearerTokenResolver, ObjectProvider<JwtProperties> jwtProperties,
			ObjectProvider<ProtectedResourceMetadata> resourceMetadata) throws Exception {
		ProtectedResourceMetadata metadata = resourceMetadata.getIfAvailable();
		BearerProblemResponses responses = new BearerProblemResponses(
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
				events.getIfAvailable(() -> SecurityEvents.NONE), (metadata != null) ? metadata.getUrl() : null);
		SecurityObservations observations = new SecurityObservations(observationRegistry.getIfAvailable());
		// AnyRequestMatcher, not an equivalent lambda: Spring Security then refuses to
		// start when another chain is ordered after this one, instead of leaving it
		// unreachable.
		http.securityMatcher(AnyRequestMatcher.INSTANCE);
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.requestCache((cache) -> cache.disable());
		http.formLogin((form) -> form.disable());
		http.httpBasic((basic) -> basic.disable());
		http.logout((logout) -> logout.disable());
		// Security headers are written for every response by the starter's own filter,
		// ahead of this chain (apisec.headers.*), so that they do not depend on which
		// chain answers.
		http.headers((headers) -> headers.disable());
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(responses).accessDeniedHandler(responses));
		JwtDecoder decoder = jwtDecoder.getIfAvailable();
		if (decoder != null) {
			// Tokens in the query string or a form body are never accepted (Spring
			// Security's default); an application's own BearerTokenResolver bean replaces
			// the starter's.
			BearerTokenResolver tokenResolver = bearerTokenResolver.getIfUnique(HeaderBearerTokenResolver::new);
			Converter<Jwt, ? extends AbstractAuthenticationToken> converter = jwtAuthenticationConverter
				.getIfUnique(() -> new ApiSecJwtAuthenticationConverter(trustedIssuers.getIfAvailable()));
			// Our own manager: observed, and without the ProviderManager's authentication
			// events, since the starter reports its own with the request (see
			// AuthenticationSuccessFilter). Resolved per request, so that it can keep the
			// validated token on the request.
			ObservedJwtAuthenticationManager manager = new ObservedJwtAuthenticationManager(decoder, converter,
					observations);
			http.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(tokenResolver)
				.authenticationEntryPoint(responses)
				.authenticationManagerResolver(manager::forRequest)
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler(responses);
						return filter;
					}
				}));
		}
		RoleNameForms roleNames = RoleNameForms.of(jwtProperties.getIfAvailable());
		http.authorizeHttpRequests(
				(requests) -> authorize(requests, properties, rules, roleHierarchy, roleNames, observations));
		for (ApiSecHttpSecurityCustomizer customizer : customizers.orderedStream().toList()) {
			customizer.customize(http);
		}
		return http.build();
	}

	private void authorize(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			AuthorizationProperties properties, AuthorizationRules rules, RoleHierarchy roleHierarchy,
			RoleNameForms roleNames, SecurityObservations observations) {
		// An error dispatch renders the error of a request that was already authorized.
		requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
		if (ACTUATOR_PRESENT) {
			ActuatorRules.apply(requests, properties.getActuatorRole(), roleHierarchy, roleNames, observations);
		}
		// The configured rules in order, then the default access: one manager that only
		// tries the rules whose literal leading path segments the request has.
		requests.anyRequest()
			.access(new RuleIndex(rules.rules(),
					(rule) -> RuleAuthorizationManager.forRule(rule, roleHierarchy, roleNames, observations),
					RuleAuthorizationManager.forDefault(rules.defaultAccess(), observations)));
	}

	/**
	 * Actuator: health (with its groups) public, everything else needs the actuator role.
	 * Kept apart so that the chain loads without the actuator on the classpath.
	 */
	static final class ActuatorRules {

		static void apply(
				AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
				String actuatorRole, RoleHierarchy roleHierarchy, RoleNameForms roleNames,
				SecurityObservations observations) {
			String role = actuatorRole.startsWith("ROLE_") ? actuatorRole.substring(5) : actuatorRole;
			requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
			requests.requestMatchers(EndpointRequest.toAnyEndpoint())
				.access(new RuleAuthorizationManager("actuator", null, List.of(role),
						roleNames.forms(role, "apisec.authorization.actuator-role"), List.of(), roleHierarchy,
						observations));
		}

	}

}
