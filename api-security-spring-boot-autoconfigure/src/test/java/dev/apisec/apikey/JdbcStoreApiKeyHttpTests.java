package dev.apisec.apikey;

import java.time.ZoneOffset;

import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApiKeyHttpTests} with the keys in the {@code apisec_api_key} table of an H2
 * database created from the documented schema.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JdbcStoreApiKeyHttpTests extends ApiKeyHttpTests {

	JdbcStoreApiKeyHttpTests(@LocalServerPort int port) {
		super(port);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		commonProperties(registry);
		registry.add("apisec.api-keys.store", () -> "jdbc");
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:apikeys-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		registry.add("spring.sql.init.mode", () -> "always");
		registry.add("spring.sql.init.schema-locations", () -> "classpath:dev/apisec/apikey/schema.sql");
	}

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void insertKeys() {
		this.jdbc.sql("DELETE FROM apisec_api_key").update();
		for (TestKey key : KEYS) {
			this.jdbc
				.sql("INSERT INTO apisec_api_key (id, key_hash, roles, scopes, not_before, expires_at, enabled) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(key.id(), key.hexHash(), key.roles(), key.scopes(),
						(key.notBefore() != null) ? key.notBefore().atOffset(ZoneOffset.UTC) : null,
						(key.expiresAt() != null) ? key.expiresAt().atOffset(ZoneOffset.UTC) : null, key.enabled())
				.update();
			key.attributes()
				.forEach((name, values) -> values.forEach((value) -> this.jdbc.sql(
						"INSERT INTO apisec_api_key_attribute (key_id, attribute_name, attribute_value) VALUES (?, ?, ?)")
					.params(key.id(), name, value)
					.update()));
		}
	}

}
