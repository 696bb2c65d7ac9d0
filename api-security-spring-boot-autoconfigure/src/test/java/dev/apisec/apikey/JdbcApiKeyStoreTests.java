package dev.apisec.apikey;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcApiKeyStore} on a real H2 database: attributes from the attribute table, and
 * a schema from before that table (keys without attributes, no failure).
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcApiKeyStoreTests {

	private static final String KEY = "jdbc-store-key-5f4e3d2c1b0a99887766554433221100";

	private EmbeddedDatabase database;

	@AfterEach
	void shutdown() {
		this.database.shutdown();
	}

	@Test
	void keyAttributesComeFromTheAttributeTable() {
		this.database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.addScript("classpath:dev/apisec/apikey/schema.sql")
			.build();
		JdbcClient jdbc = JdbcClient.create(this.database);
		insertKey(jdbc, "with-attributes");
		insertKey(jdbc, "without-attributes", "other-key-00112233445566778899aabbccddeeff");
		for (String[] row : new String[][] { { "region", "us" }, { "region", "eu" }, { "tier", "gold" } }) {
			jdbc.sql(
					"INSERT INTO apisec_api_key_attribute (key_id, attribute_name, attribute_value) VALUES ('with-attributes', ?, ?)")
				.params(row[0], row[1])
				.update();
		}
		JdbcApiKeyStore store = new JdbcApiKeyStore(this.database);

		ApiKey key = store.findByHash(ApiKeyHashes.sha256(KEY)).orElseThrow();

		assertThat(key.id()).isEqualTo("with-attributes");
		assertThat(key.roles()).containsExactly("PARTNER", "AUDITOR");
		assertThat(key.attributes()).isEqualTo(Map.of("region", List.of("eu", "us"), "tier", List.of("gold")));
		assertThat(store.findByHash(ApiKeyHashes.sha256("other-key-00112233445566778899aabbccddeeff"))
			.orElseThrow()
			.attributes()).isEmpty();
		assertThat(store.findByHash(ApiKeyHashes.sha256("no-such-key"))).isEmpty();
	}

	@Test
	void schemaWithoutTheAttributeTableStillFindsKeys(CapturedOutput output) {
		this.database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		JdbcClient jdbc = JdbcClient.create(this.database);
		jdbc.sql(
				"CREATE TABLE apisec_api_key (id VARCHAR(100) NOT NULL PRIMARY KEY, key_hash CHAR(64) NOT NULL UNIQUE, "
						+ "roles VARCHAR(1000) NOT NULL DEFAULT '', scopes VARCHAR(1000) NOT NULL DEFAULT '', "
						+ "not_before TIMESTAMP WITH TIME ZONE, expires_at TIMESTAMP WITH TIME ZONE, "
						+ "enabled BOOLEAN NOT NULL DEFAULT TRUE)")
			.update();
		insertKey(jdbc, "old-schema");
		JdbcApiKeyStore store = new JdbcApiKeyStore(this.database);

		for (int i = 0; i < 3; i++) {
			ApiKey key = store.findByHash(ApiKeyHashes.sha256(KEY)).orElseThrow();
			assertThat(key.id()).isEqualTo("old-schema");
			assertThat(key.attributes()).isEmpty();
		}
		assertThat(store.findByHash(ApiKeyHashes.sha256("no-such-key"))).isEmpty();
		// Said once, with the fix, and the table is not asked for again.
		assertThat(output.toString().split("API keys have no attributes", -1)).hasSize(2);
		assertThat(output).contains("create it from classpath:dev/apisec/apikey/schema.sql");
	}

	private static void insertKey(JdbcClient jdbc, String id) {
		insertKey(jdbc, id, KEY);
	}

	private static void insertKey(JdbcClient jdbc, String id, String key) {
		jdbc.sql("INSERT INTO apisec_api_key (id, key_hash, roles, scopes) VALUES (?, ?, 'PARTNER,AUDITOR', '')")
			.params(id, ApiKeyHashes.hex(ApiKeyHashes.sha256(key)))
			.update();
	}

}
