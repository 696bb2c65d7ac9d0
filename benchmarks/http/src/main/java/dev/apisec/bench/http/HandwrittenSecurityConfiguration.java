package dev.apisec.bench.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a competent user writes by hand for the protection the starter gives the benchmark
 * endpoint: the Spring Security resource server with a JWK Set URI, issuer and audience
 * validation, the scope required, stateless, Spring Security's default headers, and a bucket4j
 * limiter per subject (burst and steady rate) in a bounded Caffeine cache.
 */
@Configuration(proxyBeanMethods = false)
@Profile("handwritten")
class HandwrittenSecurityConfiguration {

	@Bean
	JwtDecoder jwtDecoder(@Value("${bench.issuer}") String issuer, @Value("${bench.jwk-set-uri}") String jwkSetUri) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains("bench"))));
		return decoder;
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, @Value("${bench.limit.capacity}") long capacity,
			@Value("${bench.limit.per-second}") long perSecond) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/bench/**")
			.hasAuthority("SCOPE_bench")
			.anyRequest()
			.denyAll());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.addFilterAfter(new RateLimitFilter(capacity, perSecond), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	static final class RateLimitFilter extends OncePerRequestFilter {

		private final LoadingCache<String, Bucket> buckets;

		RateLimitFilter(long capacity, long perSecond) {
			this.buckets = Caffeine.newBuilder()
				.maximumSize(100_000)
				.expireAfterAccess(Duration.ofMinutes(10))
				.build((subject) -> Bucket.builder()
					.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, Duration.ofSeconds(1)).build())
					.addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
					.build());
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			String key = (authentication != null) ? authentication.getName() : request.getRemoteAddr();
			ConsumptionProbe probe = this.buckets.get(key).tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
				response.setHeader("Retry-After", Long.toString(seconds));
				response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
				return;
			}
			response.setHeader("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
			chain.doFilter(request, response);
		}

	}

}
