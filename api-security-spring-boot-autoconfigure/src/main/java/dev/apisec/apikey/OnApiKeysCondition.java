package dev.apisec.apikey;

import dev.apisec.support.ConditionalOnConfiguredList;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Condition behind {@link ConditionalOnApiKeys}.
 */
class OnApiKeysCondition extends AnyNestedCondition {

	OnApiKeysCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnConfiguredList("apisec.api-keys.keys")
	static class KeysConfigured {

	}

	@ConditionalOnProperty(name = "apisec.api-keys.store", havingValue = "jdbc")
	static class JdbcStore {

	}

	@ConditionalOnBean(ApiKeyStore.class)
	static class StoreBean {

	}

}
