package dev.apisec.apikey;

import javax.sql.DataSource;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The built-in key stores; each backs off when the application defines an
 * {@link ApiKeyStore}.
 */
final class ApiKeyStoreConfigurations {

	private ApiKeyStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "apisec.api-keys.store", havingValue = "properties", matchIfMissing = true)
	static class PropertiesStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(ApiKeyStore.class)
		PropertiesApiKeyStore apisecApiKeyStore(ApiKeyProperties properties) {
			return PropertiesApiKeyStore.from(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcClient.class)
	@ConditionalOnProperty(name = "apisec.api-keys.store", havingValue = "jdbc")
	static class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(ApiKeyStore.class)
		JdbcApiKeyStore apisecApiKeyStore(ApiKeyProperties properties, ObjectProvider<DataSource> dataSource) {
			return JdbcApiKeyStore.configured(properties, dataSource.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.jdbc.core.simple.JdbcClient")
	@ConditionalOnProperty(name = "apisec.api-keys.store", havingValue = "jdbc")
	static class MissingJdbcConfiguration {

		@Bean
		@ConditionalOnMissingBean(ApiKeyStore.class)
		ApiKeyStore apisecApiKeyStore() {
			throw new ApiSecConfigurationException("apisec.api-keys.store",
					"the jdbc store needs spring-jdbc, which is not on the classpath",
					"Add spring-boot-starter-jdbc (and your database's driver), or set apisec.api-keys.store=properties.");
		}

	}

}
