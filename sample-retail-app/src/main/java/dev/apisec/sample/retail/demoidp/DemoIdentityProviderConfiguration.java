package dev.apisec.sample.retail.demoidp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.apisec.ratelimit.RateLimitFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * A demo identity provider (Spring Authorization Server) on the same port as the API,
 * under its own filter chain: client-credentials tokens for the demo clients,
 * RS256-signed with a key generated at startup (never stored). The API trusts it only
 * through {@code apisec.jwt.issuers[0]} like any other identity provider.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "retail.demo-idp.enabled", matchIfMissing = true)
class DemoIdentityProviderConfiguration {

	private static final String ROLES_SETTING = "retail.roles";

	private static final String CLAIMS_SETTING = "retail.claims";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain demoIdentityProviderSecurityFilterChain(HttpSecurity http,
			ObjectProvider<RateLimitFilter> rateLimitFilter) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer
			.authorizationServer();
		// This chain answers the token endpoint itself, so the starter's rate-limit
		// filter (which runs after the security filters) is added here too: the "token"
		// policy limits token requests per client address.
		rateLimitFilter.ifAvailable((filter) -> http.addFilterAfter(filter, SecurityContextHolderFilter.class));
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer,
					(server) -> server
						.tokenEndpoint((token) -> token.accessTokenRequestConverter(allScopesWhenNoneAskedFor())))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/**
	 * A client-credentials request without a scope parameter gets all of the client's
	 * scopes, the "pre-defined default" RFC 6749 (3.3) allows and what Keycloak's default
	 * client scopes do; Spring Authorization Server would otherwise issue a token without
	 * scopes.
	 */
	private static AuthenticationConverter allScopesWhenNoneAskedFor() {
		AuthenticationConverter converter = new OAuth2ClientCredentialsAuthenticationConverter();
		return (request) -> {
			Authentication converted = converter.convert(request);
			if (converted instanceof OAuth2ClientCredentialsAuthenticationToken token && token.getScopes().isEmpty()
					&& token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
					&& client.getRegisteredClient() != null) {
				return new OAuth2ClientCredentialsAuthenticationToken(client, client.getRegisteredClient().getScopes(),
						token.getAdditionalParameters());
			}
			return converted;
		};
	}

	@Bean
	RegisteredClientRepository demoClients(DemoIdentityProviderProperties properties) {
		List<RegisteredClient> clients = properties.getClients()
			.stream()
			.map((client) -> RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(client.getId())
				.clientSecret(client.getSecret())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scopes((scopes) -> scopes.addAll(client.getScopes()))
				.clientSettings(ClientSettings.builder()
					.setting(ROLES_SETTING, List.copyOf(client.getRoles()))
					.setting(CLAIMS_SETTING, Map.copyOf(client.getClaims()))
					.build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.getTokenLifetime()).build())
				.build())
			.toList();
		if (clients.isEmpty()) {
			throw new IllegalStateException("retail.demo-idp.clients is empty: configure demo clients or set "
					+ "retail.demo-idp.enabled=false");
		}
		return new InMemoryRegisteredClientRepository(clients);
	}

	/**
	 * Issued client-credentials tokens are not stored: nothing here reads them back, and
	 * an in-memory store would grow with every token.
	 */
	@Bean
	OAuth2AuthorizationService demoAuthorizationService() {
		return new OAuth2AuthorizationService() {

			@Override
			public void save(OAuth2Authorization authorization) {
			}

			@Override
			public void remove(OAuth2Authorization authorization) {
			}

			@Override
			public OAuth2Authorization findById(String id) {
				return null;
			}

			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				return null;
			}

		};
	}

	/**
	 * The signing key, generated at startup and never stored. Generating an RSA key takes
	 * up to a second on a small machine, so it runs on its own thread while the rest of
	 * the application starts; the first token or JWK Set request waits for it if it is
	 * not ready.
	 * @return the key source
	 */
	@Bean
	JWKSource<SecurityContext> demoSigningKeys() {
		CompletableFuture<JWKSet> keys = CompletableFuture
			.supplyAsync(DemoIdentityProviderConfiguration::generateSigningKey, (task) -> {
				Thread thread = new Thread(task, "demo-idp-keygen");
				thread.setDaemon(true);
				thread.start();
			});
		return (selector, context) -> selector.select(keys.join());
	}

	private static JWKSet generateSigningKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			return new JWKSet(new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
				.privateKey((RSAPrivateKey) keyPair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("RSA is not available", ex);
		}
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> demoTokenClaims(DemoIdentityProviderProperties properties) {
		return (context) -> {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				ClientSettings settings = context.getRegisteredClient().getClientSettings();
				List<String> roles = settings.getSetting(ROLES_SETTING);
				Map<String, String> claims = settings.getSetting(CLAIMS_SETTING);
				context.getClaims().audience(List.of(properties.getAudience())).claim("roles", roles);
				claims.forEach((name, value) -> context.getClaims().claim(name, value));
			}
		};
	}

	@Bean
	AuthorizationServerSettings demoAuthorizationServerSettings(DemoIdentityProviderProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.getIssuer()).build();
	}

}
