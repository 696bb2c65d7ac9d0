package dev.apisec.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import dev.apisec.support.RegisteredFailureAnalyzers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtAutoConfigurationTests {

	private static final String ISSUER = "https://idp.example.invalid/realms/shop";

	// ".invalid" never resolves, so the background key refresh fails fast and offline.
	private static final String JWK_SET_URI = "https://idp.example.invalid/realms/shop/certs";

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private static final String SECRET_64 = SECRET + SECRET;

	// A servlet context, because Spring Boot's resource server auto-configuration (whose
	// decoder must win over ours) only applies to servlet web applications.
	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAutoConfiguration.class));

	@TempDir
	Path tempDir;

	@Test
	void trustedIssuersAndDecoderAreAutoConfiguredWithoutIssuers() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TrustedIssuers.class);
			assertThat(context).hasSingleBean(ApiSecJwtDecoder.class);
			assertThat(context).getBean(JwtDecoder.class).isInstanceOf(ApiSecJwtDecoder.class);
			assertThat(context.getBean(TrustedIssuers.class).all()).isEmpty();
		});
	}

	@Test
	void issuerWithJwkSetUriTakesKeysFromThatUriWithRs256ByDefault() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> {
				TrustedIssuer issuer = context.getBean(TrustedIssuers.class).get(ISSUER);
				assertThat(issuer).isNotNull();
				assertThat(issuer.getKeyStatus().source()).isEqualTo(JWK_SET_URI);
				assertThat(issuer.getAlgorithms()).containsExactly("RS256");
				assertThat(issuer.getPrincipalClaim()).isEqualTo("sub");
			});
	}

	@Test
	void issuerWithoutKeySourceFindsItsKeysByDiscovery() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertThat(issuer(context).getKeyStatus().source())
				.isEqualTo("discovery from " + ISSUER));
	}

	@Test
	void issuerWithRsaPublicKeyLocationUsesThatStaticKey() throws Exception {
		Path key = writePublicKey("issuer.pub", rsaPublicKey());
		this.contextRunner.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
				"apisec.jwt.issuers[0].public-key-location=file:" + key, "apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> {
				KeyStatus status = issuer(context).getKeyStatus();
				assertThat(status.source()).contains(key.toString());
				assertThat(status.keyIds()).containsExactly("(static)");
				assertThat(status.hasKeys()).isTrue();
				assertThat(issuer(context).getAlgorithms()).containsExactly("RS256");
			});
	}

	@Test
	void issuerWithEcPublicKeyLocationAcceptsEs256() throws Exception {
		Path key = writePublicKey("issuer-ec.pub", ecPublicKey());
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].public-key-location=file:" + key, "apisec.jwt.issuers[0].algorithms=ES256",
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertThat(issuer(context).getAlgorithms()).containsExactly("ES256"));
	}

	@Test
	void issuerWithHmacSecretAcceptsHs256ByDefault() {
		this.contextRunner.withPropertyValues(hmacIssuer()).run((context) -> {
			assertThat(issuer(context).getAlgorithms()).containsExactly("HS256");
			assertThat(issuer(context).getKeyStatus().source()).isEqualTo("hmac-secret");
			assertThat(
					context.getBean(JwtDecoder.class).decode(token(SECRET, Instant.now().plusSeconds(60))).getSubject())
				.isEqualTo("alice");
		});
	}

	@Test
	void audiencesAreBound() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI,
					"apisec.jwt.issuers[0].audiences=orders-api,billing-api")
			.run((context) -> assertThat(issuer(context).getAudiences()).containsOnly("orders-api", "billing-api"));
	}

	@Test
	void algorithmsAreBound() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].audiences=orders-api",
					"apisec.jwt.issuers[0].algorithms=RS256,PS256,ES256")
			.run((context) -> assertThat(issuer(context).getAlgorithms()).containsExactly("ES256", "PS256", "RS256"));
	}

	@Test
	void entraIdPresetReadsRolesFromRolesAndGroupsAndScopesFromScp() {
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].preset=entra-id")).run((context) -> {
			assertThat(context.getBean(JwtProperties.class).getIssuers().get(0).getPreset())
				.isEqualTo(JwtPreset.ENTRA_ID);
			Jwt jwt = jwt().claim("roles", List.of("Orders.Admin"))
				.claim("groups", List.of("sales"))
				.claim("scp", "orders.read")
				.claim("scope", "ignored")
				.build();
			assertThat(authorities(context, jwt)).containsExactlyInAnyOrder("ROLE_ORDERS.ADMIN", "ROLE_SALES",
					"SCOPE_orders.read");
		});
	}

	@Test
	void springAuthorizationServerPresetReadsRolesFromRolesAndAuthorities() {
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].preset=spring-authorization-server"))
			.run((context) -> {
				assertThat(context.getBean(JwtProperties.class).getIssuers().get(0).getPreset())
					.isEqualTo(JwtPreset.SPRING_AUTHORIZATION_SERVER);
				Jwt jwt = jwt().claim("roles", List.of("user"))
					.claim("authorities", List.of("admin"))
					.claim("scope", "orders.read")
					.build();
				assertThat(authorities(context, jwt)).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN",
						"SCOPE_orders.read");
			});
	}

	@Test
	void clockSkewAcceptsTokensThatExpiredWithinIt() {
		String expiredRecently = token(SECRET, Instant.now().minusSeconds(45));
		this.contextRunner.withPropertyValues(hmacIssuer())
			.run((context) -> assertThatExceptionOfType(InvalidJwtException.class)
				.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(expiredRecently)));
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.clock-skew=60s")).run((context) -> {
			assertThat(context.getBean(JwtProperties.class).getClockSkew()).isEqualTo(Duration.ofSeconds(60));
			assertThat(context.getBean(JwtDecoder.class).decode(expiredRecently).getSubject()).isEqualTo("alice");
		});
	}

	@Test
	void validatedTokensAreCachedByDefault() {
		String token = token(SECRET, Instant.now().plusSeconds(60));
		this.contextRunner.withPropertyValues(hmacIssuer()).run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder.decode(token)).isSameAs(decoder.decode(token));
		});
	}

	@Test
	void validatedTokenCacheCanBeDisabled() {
		String token = token(SECRET, Instant.now().plusSeconds(60));
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.validated-token-cache.enabled=false"))
			.run((context) -> {
				JwtDecoder decoder = context.getBean(JwtDecoder.class);
				assertThat(decoder.decode(token)).isNotSameAs(decoder.decode(token));
			});
	}

	@Test
	void userDefinedJwtDecoderReplacesStarterDecoder() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JwtDecoder.class);
			assertThat(context).doesNotHaveBean(ApiSecJwtDecoder.class);
			assertThat(context).hasBean("customJwtDecoder");
			assertThat(context).hasSingleBean(TrustedIssuers.class);
		});
	}

	@Test
	void springBootResourceServerDecoderWinsWhenItsJwkSetUriIsSet() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class))
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JWK_SET_URI)
			.run((context) -> {
				assertThat(context).hasSingleBean(JwtDecoder.class);
				assertThat(context).getBean(JwtDecoder.class).isInstanceOf(NimbusJwtDecoder.class);
				assertThat(context).doesNotHaveBean(ApiSecJwtDecoder.class);
			});
	}

	@Test
	void issuersNextToSpringBootsDecoderAreWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class))
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JWK_SET_URI,
					"apisec.jwt.issuers[0].issuer-uri=" + ISSUER, "apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI,
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertThat(output).contains("apisec.jwt.issuers is configured, but tokens are "
					+ "validated by another JwtDecoder (" + NimbusJwtDecoder.class.getName()));
	}

	@Test
	void springBootsDecoderAloneIsNotWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class))
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JWK_SET_URI)
			.run((context) -> assertThat(output).doesNotContain("apisec.jwt.issuers is configured"));
	}

	@Test
	void starterDecoderIsUsedWithSpringBootResourceServerWhenNoSpringBootDecoderIsConfigured() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class, SecurityAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(JwtDecoder.class).isInstanceOf(ApiSecJwtDecoder.class));
	}

	@Test
	void disablingTheStarterRemovesJwtBeans() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", "apisec.jwt.issuers[0].issuer-uri=not validated")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TrustedIssuers.class);
				assertThat(context).doesNotHaveBean(JwtDecoder.class);
				assertThat(context).doesNotHaveBean(JwtProperties.class);
			});
	}

	@Test
	void withoutNimbusNoJwtBeansAreDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JWKSet.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(TrustedIssuers.class);
			assertThat(context).doesNotHaveBean(JwtDecoder.class);
		});
	}

	@Test
	void withoutCaffeineNoJwtBeansAreDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(TrustedIssuers.class);
			assertThat(context).doesNotHaveBean(JwtDecoder.class);
		});
	}

	@Test
	void issuerWithoutAudiencesFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI)
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].audiences",
					"has no audiences, so a token minted for any other API would be accepted",
					"set apisec.jwt.issuers[0].allow-any-audience=true"));
	}

	@Test
	void issuerWithoutAudiencesStartsWhenAnyAudienceIsAllowedExplicitly() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].allow-any-audience=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(issuer(context).getAudiences()).isEmpty();
			});
	}

	@Test
	void hmacSecretShorterThan32BytesFailsStartupForHs256() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].hmac-secret=" + SECRET.substring(1),
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].hmac-secret",
					"the secret has 31 bytes but [HS256] needs at least 32", "at least 32 bytes"));
	}

	@Test
	void hmacSecretShorterThan64BytesFailsStartupForHs512() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].hmac-secret=" + SECRET_64.substring(1),
					"apisec.jwt.issuers[0].algorithms=HS256,HS512", "apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].hmac-secret",
					"the secret has 63 bytes but [HS256, HS512] needs at least 64", "at least 64 bytes"));
	}

	@Test
	void hmacSecretOf64BytesIsAcceptedForHs512() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].hmac-secret=" + SECRET_64, "apisec.jwt.issuers[0].algorithms=HS512",
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertThat(issuer(context).getAlgorithms()).containsExactly("HS512"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "NONE", "None" })
	void noneAlgorithmFailsStartupWhateverItsCase(String none) {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].audiences=orders-api",
					"apisec.jwt.issuers[0].algorithms=RS256," + none)
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].algorithms",
					"'none' means unsigned tokens", "Remove 'none' from apisec.jwt.issuers[0].algorithms"));
	}

	@Test
	void unknownAlgorithmFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].audiences=orders-api",
					"apisec.jwt.issuers[0].algorithms=rs256")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].algorithms",
					"'rs256' is not a supported algorithm", "(case-sensitive)"));
	}

	@Test
	void hmacAlgorithmWithJwkSetUriFailsStartupToPreventKeyConfusion() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[0].audiences=orders-api",
					"apisec.jwt.issuers[0].algorithms=RS256,HS256")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].algorithms",
					"'HS256' needs an hmac-secret; public keys are never used as HMAC secrets",
					"Remove 'HS256' or configure apisec.jwt.issuers[0].hmac-secret"));
	}

	@Test
	void rsaAlgorithmWithHmacSecretFailsStartup() {
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].algorithms=RS256"))
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].algorithms",
					"'RS256' is not an HMAC algorithm but the issuer has an hmac-secret",
					"allow only HS256, HS384 or HS512"));
	}

	@Test
	void twoKeySourcesFailStartup() {
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI))
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0]",
					"jwk-set-uri, public-key-location and hmac-secret are alternatives",
					"Keep exactly one of apisec.jwt.issuers[0].jwk-set-uri"));
	}

	@Test
	void issuerWithoutIssuerUriFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].jwk-set-uri=" + JWK_SET_URI,
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].issuer-uri",
					"an issuer needs its issuer URI", "the exact value of the \"iss\" claim"));
	}

	@Test
	void duplicateIssuerFailsStartup() {
		this.contextRunner
			.withPropertyValues(hmacIssuer("apisec.jwt.issuers[1].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[1].jwk-set-uri=" + JWK_SET_URI, "apisec.jwt.issuers[1].audiences=billing-api"))
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[1].issuer-uri",
					"the issuer '" + ISSUER + "' is configured twice", "Configure each issuer once"));
	}

	@Test
	void jwkSetUriThatIsNotHttpFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
				"apisec.jwt.issuers[0].jwk-set-uri=file:/etc/jwks.json", "apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].jwk-set-uri",
					"'file:/etc/jwks.json' is not an http(s) URL", "an absolute https URL"));
	}

	@Test
	void issuerUriThatIsNotHttpFailsStartupWhenKeysAreDiscovered() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=urn:shop",
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].issuer-uri",
					"'urn:shop' is not an http(s) URL", "an absolute https URL"));
	}

	@Test
	void malformedRolesClaimPathFailsStartup() {
		this.contextRunner
			.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].roles.claims[0]=realm_access.roles",
					"apisec.jwt.issuers[0].roles.claims[1]=['unterminated"))
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].roles.claims[1]",
					"'['unterminated' is not a claim path: unterminated bracket", "['https://example.com/roles']"));
	}

	@Test
	void unreadablePublicKeyLocationFailsStartup() {
		Path missing = this.tempDir.resolve("missing.pub");
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].public-key-location=file:" + missing,
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].public-key-location",
					"cannot be read", "a readable PEM file"));
	}

	@Test
	void publicKeyOfOtherTypeThanTheAlgorithmsFailsStartup() throws Exception {
		Path key = writePublicKey("issuer.pub", rsaPublicKey());
		this.contextRunner
			.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
					"apisec.jwt.issuers[0].public-key-location=file:" + key, "apisec.jwt.issuers[0].algorithms=ES256",
					"apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].algorithms",
					"none of [ES256] can be verified with the RSA key", "algorithms of the key's type"));
	}

	@Test
	void rsaPublicKeyShorterThan2048BitsFailsStartup() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		Path key = writePublicKey("short.pub", generator.generateKeyPair().getPublic());
		this.contextRunner.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
				"apisec.jwt.issuers[0].public-key-location=file:" + key, "apisec.jwt.issuers[0].audiences=orders-api")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].public-key-location",
					"RSA key of 1024 bits is shorter than 2048", "RSA (2048 bits or more)"));
	}

	@Test
	void unknownPresetFailsBindingWithTheValidPresets() {
		this.contextRunner.withPropertyValues(hmacIssuer("apisec.jwt.issuers[0].preset=azure")).run((context) -> {
			assertThat(context).hasFailed();
			BindException bindFailure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bindFailure).isNotNull();
			assertThat(bindFailure.getProperty().getName()).hasToString("apisec.jwt.issuers[0].preset");
			assertThat(bindFailure.getProperty().getValue()).isEqualTo("azure");
			FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: apisec.jwt.issuers[0].preset")
				.contains("Value: \"azure\"")
				.contains("No enum constant dev.apisec.jwt.JwtPreset.azure");
			assertThat(analysis.getAction()).contains("The following values are valid")
				.contains("AUTH0", "COGNITO", "ENTRA_ID", "KEYCLOAK", "OKTA", "SPRING_AUTHORIZATION_SERVER");
		});
	}

	@Test
	void negativeClockSkewFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.jwt.clock-skew=-1s")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.clock-skew",
					"the clock skew must not be negative", "a small positive duration such as 30s"));
	}

	@Test
	void nonPositiveMaxTokenLifetimeFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.jwt.max-token-lifetime=0s")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.max-token-lifetime",
					"the lifetime must be positive", "a positive duration such as 1h"));
	}

	@Test
	void refreshIntervalShorterThanMinRefetchIntervalFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.jwt.jwks.refresh-interval=10s", "apisec.jwt.jwks.min-refetch-interval=30s")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.jwks.refresh-interval",
					"must not be shorter than apisec.jwt.jwks.min-refetch-interval",
					"at least apisec.jwt.jwks.min-refetch-interval"));
	}

	@Test
	void minRefetchIntervalBelow100msFailsStartupInsteadOfRemovingEveryBound() {
		for (String interval : new String[] { "0", "0ms", "99ms", "-1s" }) {
			this.contextRunner.withPropertyValues("apisec.jwt.jwks.min-refetch-interval=" + interval)
				.run((context) -> assertConfigurationFailure(context, "apisec.jwt.jwks.min-refetch-interval",
						"must be at least 100ms", "apisec.jwt.jwks.unknown-key-refetch-burst to 0"));
		}
		this.contextRunner
			.withPropertyValues("apisec.jwt.jwks.min-refetch-interval=100ms", "apisec.jwt.jwks.refresh-interval=100ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void negativeUnknownKeyRefetchBurstFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.jwt.jwks.unknown-key-refetch-burst=-1")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.jwks.unknown-key-refetch-burst",
					"the number of fetches must not be negative", "a small number such as 3"));
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	private static TrustedIssuer issuer(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		TrustedIssuer issuer = context.getBean(TrustedIssuers.class).get(ISSUER);
		assertThat(issuer).isNotNull();
		return issuer;
	}

	private static String[] hmacIssuer(String... more) {
		String[] properties = { "apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
				"apisec.jwt.issuers[0].hmac-secret=" + SECRET, "apisec.jwt.issuers[0].audiences=orders-api" };
		String[] result = new String[properties.length + more.length];
		System.arraycopy(properties, 0, result, 0, properties.length);
		System.arraycopy(more, 0, result, properties.length, more.length);
		return result;
	}

	private static Jwt.Builder jwt() {
		return Jwt.withTokenValue("token").header("alg", "HS256").claim("iss", ISSUER).subject("alice");
	}

	private static List<String> authorities(AssertableWebApplicationContext context, Jwt jwt) {
		assertThat(context).hasNotFailed();
		return new ApiSecJwtAuthenticationConverter(context.getBean(TrustedIssuers.class)).convert(jwt)
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	private static String token(String secret, Instant expiresAt) {
		String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = base64Url("{\"iss\":\"" + ISSUER + "\",\"aud\":\"orders-api\",\"sub\":\"alice\",\"exp\":"
				+ expiresAt.getEpochSecond() + "}");
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
			return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static PublicKey rsaPublicKey() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair().getPublic();
	}

	private static PublicKey ecPublicKey() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair().getPublic();
	}

	private Path writePublicKey(String name, PublicKey key) throws IOException {
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		return Files.writeString(this.tempDir.resolve(name), pem, StandardCharsets.US_ASCII);
	}

	@Configuration(proxyBeanMethods = false)
	static class JwtDecoderConfiguration {

		@Bean
		JwtDecoder customJwtDecoder() {
			return (token) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

}
