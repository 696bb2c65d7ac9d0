package dev.apisec.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import dev.apisec.authorization.AuthorizationAutoConfiguration;
import dev.apisec.jwt.JwtAutoConfiguration;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RegisteredFailureAnalyzers;
import dev.apisec.web.NetworkAutoConfiguration;
import io.github.bucket4j.Bucket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiKeyAutoConfiguration}.
 */
class ApiKeyAutoConfigurationTests {

	private static final String HASH = ApiKeyHashes.hex(ApiKeyHashes.sha256("a-key"));

	private static final String OTHER_HASH = ApiKeyHashes.hex(ApiKeyHashes.sha256("another-key"));

	private static final String KEY = "apisec.api-keys.keys[0]";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiKeyAutoConfiguration.class, NetworkAutoConfiguration.class,
				AuthorizationAutoConfiguration.class, JwtAutoConfiguration.class, SecurityAutoConfiguration.class,
				OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class));

	@Test
	void withoutKeysOrAStoreApiKeysAreOff() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ApiKeyStore.class);
			assertThat(context).doesNotHaveBean(ApiKeyVerifier.class);
			assertThat(context).doesNotHaveBean(ApiKeyProperties.class);
			assertThat(apisecChain(context).getFilters())
				.doesNotHaveAnyElementsOfTypes(ApiKeyAuthenticationFilter.class);
		});
	}

	@Test
	void configuredKeysUseThePropertiesStoreAndPutTheFilterInTheStartersChain() {
		this.contextRunner
			.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH, KEY + ".roles=PARTNER",
					KEY + ".scopes=stock.read")
			.run((context) -> {
				assertThat(context).hasSingleBean(PropertiesApiKeyStore.class);
				assertThat(context).hasSingleBean(ApiKeyVerifier.class);
				assertThat(context).hasSingleBean(ApiKeyExpiryReport.class);
				assertThat(context).hasBean("apisecApiKeysHealthIndicator");
				assertThat(context).hasBean("apisecApiKeyMetrics");
				ApiKey key = context.getBean(ApiKeyVerifier.class).verify("a-key").orElseThrow();
				assertThat(key.id()).isEqualTo("partner");
				assertThat(key.roles()).containsExactly("PARTNER");
				assertThat(key.scopes()).containsExactly("stock.read");
				assertThat(context.getBean(ApiKeyVerifier.class).verify("A-key")).isEmpty();
				assertThat(apisecChain(context).getFilters())
					.hasAtLeastOneElementOfType(ApiKeyAuthenticationFilter.class);
				// Only inside the chain: never a servlet filter of its own.
				assertThat(context).doesNotHaveBean(ApiKeyAuthenticationFilter.class);
			});
	}

	@Test
	void hashIsAcceptedInHexUpperCaseBase64AndBase64Url() {
		byte[] hash = ApiKeyHashes.sha256("a-key");
		String base64 = Base64.getEncoder().encodeToString(hash);
		String base64Url = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		for (String written : List.of(HASH, HASH.toUpperCase(), base64, base64Url)) {
			this.contextRunner.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + written)
				.run((context) -> assertThat(context.getBean(ApiKeyVerifier.class).verify("a-key")).isPresent());
		}
	}

	@Test
	void userDefinedStoreTurnsApiKeysOnAndReplacesTheBuiltInStores() {
		this.contextRunner.withUserConfiguration(CustomStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ApiKeyStore.class);
			assertThat(context).doesNotHaveBean(PropertiesApiKeyStore.class);
			assertThat(context.getBean(ApiKeyVerifier.class).verify("custom-key").map(ApiKey::id)).hasValue("custom");
			assertThat(apisecChain(context).getFilters()).hasAtLeastOneElementOfType(ApiKeyAuthenticationFilter.class);
		});
	}

	@Test
	void jdbcStoreUsesTheDataSource() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("apisec.api-keys.store=jdbc",
					"spring.datasource.url=jdbc:h2:mem:apikey-autoconfig;DB_CLOSE_DELAY=-1")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcApiKeyStore.class);
				JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
				jdbc.sql(new String(getClass().getResourceAsStream("/dev/apisec/apikey/schema.sql").readAllBytes(),
						StandardCharsets.UTF_8))
					.update();
				jdbc.sql("INSERT INTO apisec_api_key (id, key_hash, roles, scopes) VALUES ('db-key', ?, 'A,B', 'x')")
					.param(HASH)
					.update();
				ApiKey key = context.getBean(ApiKeyVerifier.class).verify("a-key").orElseThrow();
				assertThat(key.id()).isEqualTo("db-key");
				assertThat(key.roles()).containsExactly("A", "B");
				assertThat(key.scopes()).containsExactly("x");
				assertThat(key.notBefore()).isNull();
				assertThat(key.expiresAt()).isNull();
				assertThat(context.getBean(ApiKeyVerifier.class).verify("another-key")).isEmpty();
			});
	}

	@Test
	void jdbcStoreWithoutADataSourceFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("apisec.api-keys.store=jdbc")
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.store",
					"needs a single DataSource"));
	}

	@Test
	void jdbcStoreWithKeysInPropertiesFails() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("apisec.api-keys.store=jdbc", KEY + ".id=partner", KEY + ".hash=" + HASH,
					"spring.datasource.url=jdbc:h2:mem:apikey-autoconfig-2")
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.keys",
					"keys are configured but apisec.api-keys.store is jdbc"));
	}

	@Test
	void jdbcStoreWithoutSpringJdbcFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcClient.class))
			.withPropertyValues("apisec.api-keys.store=jdbc")
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.store",
					"the jdbc store needs spring-jdbc"));
	}

	@Test
	void withoutBucket4jApiKeysAreOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Bucket.class))
			.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH)
			.run((context) -> assertThat(context).doesNotHaveBean(ApiKeyStore.class));
	}

	@Test
	void disablingTheStarterRemovesApiKeys() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", KEY + ".id=partner", KEY + ".hash=nonsense")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ApiKeyStore.class);
			});
	}

	@Test
	void missingIdFailsStartup() {
		this.contextRunner.withPropertyValues(KEY + ".hash=" + HASH)
			.run((context) -> assertFailure(context.getStartupFailure(), KEY + ".id", "the key has no id"));
	}

	@Test
	void malformedHashFailsStartup() {
		for (String hash : List.of("a-key", HASH.substring(1), HASH + "0", HASH.replace('a', 'g'), "short")) {
			this.contextRunner.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + hash)
				.run((context) -> assertFailure(context.getStartupFailure(), KEY + ".hash",
						"the hash of key 'partner' is not a SHA-256 hash"));
		}
	}

	@Test
	void duplicateIdFailsStartup() {
		this.contextRunner
			.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH, "apisec.api-keys.keys[1].id=partner",
					"apisec.api-keys.keys[1].hash=" + OTHER_HASH)
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.keys[1].id",
					"the key id 'partner' is used twice"));
	}

	@Test
	void duplicateHashFailsStartup() {
		this.contextRunner
			.withPropertyValues(KEY + ".id=one", KEY + ".hash=" + HASH, "apisec.api-keys.keys[1].id=two",
					"apisec.api-keys.keys[1].hash=" + HASH.toUpperCase())
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.keys[1].hash",
					"the hash of key 'two' is the hash of another key"));
	}

	@Test
	void expiryBeforeNotBeforeFailsStartup() {
		this.contextRunner
			.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH, KEY + ".not-before=2026-06-01T00:00:00Z",
					KEY + ".expires-at=2026-05-01T00:00:00Z")
			.run((context) -> assertFailure(context.getStartupFailure(), KEY + ".expires-at",
					"key 'partner' expires at 2026-05-01T00:00:00Z, not after its not-before 2026-06-01T00:00:00Z"));
	}

	@Test
	void unusableHeaderFailsStartup() {
		for (String header : List.of("Authorization", "cookie", "X API Key")) {
			this.contextRunner
				.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH, "apisec.api-keys.header=" + header)
				.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.header",
						"is not a usable header name"));
		}
	}

	@Test
	void invalidFailureLimitFailsStartup() {
		this.contextRunner
			.withPropertyValues(KEY + ".id=partner", KEY + ".hash=" + HASH, "apisec.api-keys.failure-limit.capacity=0")
			.run((context) -> assertFailure(context.getStartupFailure(), "apisec.api-keys.failure-limit.capacity",
					"the capacity must be at least 1"));
	}

	@Test
	void expiryReportListsEnabledKeysWithinTheWindowOnly() {
		Instant now = Instant.now();
		this.contextRunner
			.withPropertyValues(KEY + ".id=soon", KEY + ".hash=" + HASH, KEY + ".expires-at=" + now.plusSeconds(86400),
					"apisec.api-keys.keys[1].id=later", "apisec.api-keys.keys[1].hash=" + OTHER_HASH,
					"apisec.api-keys.keys[1].expires-at=" + now.plusSeconds(86400 * 30),
					"apisec.api-keys.keys[2].id=off", "apisec.api-keys.keys[2].enabled=false",
					"apisec.api-keys.keys[2].hash=" + ApiKeyHashes.hex(ApiKeyHashes.sha256("third")),
					"apisec.api-keys.keys[2].expires-at=" + now.plusSeconds(3600), "apisec.api-keys.expiry-warning=7d")
			.run((context) -> assertThat(context.getBean(ApiKeyExpiryReport.class).expiringKeys())
				.extracting(ApiKeyExpiryReport.ExpiringKey::id)
				.containsExactly("soon"));
	}

	private static void assertFailure(Throwable failure, String property, String problem) {
		assertThat(failure).rootCause()
			.isInstanceOf(ApiSecConfigurationException.class)
			.hasMessageContaining("'" + property + "'")
			.hasMessageContaining(problem);
		FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(failure);
		assertThat(analysis.getDescription()).contains(property);
	}

	private static SecurityFilterChain apisecChain(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean("apisecSecurityFilterChain", SecurityFilterChain.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStoreConfiguration {

		@Bean
		ApiKeyStore customStore() {
			byte[] expected = ApiKeyHashes.sha256("custom-key");
			return (hash) -> MessageDigest.isEqual(hash, expected)
					? Optional.of(new ApiKey("custom", expected, List.of("PARTNER"), List.of(), null, null, true))
					: Optional.empty();
		}

	}

}
