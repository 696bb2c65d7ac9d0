package dev.apisec.apikey;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apisec.authorization.AuthorizationAutoConfiguration;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.web.NetworkAutoConfiguration;
import dev.apisec.web.ProblemResponseAutoConfiguration;
import io.github.bucket4j.Bucket;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of API-key authentication ({@code apisec.api-keys.*}): a key store
 * (properties or JDBC, or the application's own {@link ApiKeyStore}), a filter in the
 * starter's chain that authenticates the configured header, a limit on failed attempts
 * per client address, and expiry reports. On only when keys are configured or a store is
 * defined.
 */
@AutoConfiguration(before = AuthorizationAutoConfiguration.class,
		after = { NetworkAutoConfiguration.class, ProblemResponseAutoConfiguration.class },
		afterName = { "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
				"org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration" })
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, BearerTokenAuthenticationFilter.class, Caffeine.class, Bucket.class })
@ConditionalOnApiKeys
@EnableConfigurationProperties(ApiKeyProperties.class)
@Import({ ApiKeyStoreConfigurations.PropertiesStoreConfiguration.class,
		ApiKeyStoreConfigurations.JdbcStoreConfiguration.class,
		ApiKeyStoreConfigurations.MissingJdbcConfiguration.class, ApiKeyAuthenticationConfiguration.class })
public class ApiKeyAutoConfiguration {

}
