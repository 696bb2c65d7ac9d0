package dev.apisec.apikey;

import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.apisec.support.ApiSecConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

/**
 * API keys in the {@code apisec_api_key} table (schema in
 * {@code classpath:dev/apisec/apikey/schema.sql}), looked up by the hex SHA-256 hash of
 * the presented key through the unique index on {@code key_hash}, one query per request.
 * Roles and scopes are comma-separated. A key's attributes come from the optional
 * {@code apisec_api_key_attribute} table in the same query (a left join); when that table
 * does not exist, keys have no attributes and the store queries the key table alone from
 * then on. Works on H2 and PostgreSQL.
 */
public class JdbcApiKeyStore implements ApiKeyStore {

	private static final Log logger = LogFactory.getLog(JdbcApiKeyStore.class);

	private static final String COLUMNS = "id, key_hash, roles, scopes, not_before, expires_at, enabled";

	private static final String BY_HASH = "SELECT " + COLUMNS + " FROM apisec_api_key WHERE key_hash = ?";

	private static final String BY_HASH_WITH_ATTRIBUTES = "SELECT k.id, k.key_hash, k.roles, k.scopes, k.not_before, "
			+ "k.expires_at, k.enabled, a.attribute_name, a.attribute_value FROM apisec_api_key k "
			+ "LEFT JOIN apisec_api_key_attribute a ON a.key_id = k.id WHERE k.key_hash = ? "
			+ "ORDER BY a.attribute_name, a.attribute_value";

	private final JdbcClient jdbc;

	private volatile boolean attributeTable = true;

	/**
	 * Create a store over a data source.
	 * @param dataSource the data source holding the apisec_api_key table
	 */
	public JdbcApiKeyStore(DataSource dataSource) {
		this(JdbcClient.create(dataSource));
	}

	/**
	 * Create a store over a JDBC client.
	 * @param jdbc the client
	 */
	public JdbcApiKeyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Return the store {@code apisec.api-keys.store=jdbc} configures, once the
	 * configuration is checked: no keys in properties, which this store would ignore, and
	 * a single data source.
	 * @param properties the API-key properties
	 * @param dataSource the application's single data source, or {@code null} when it has
	 * none or several
	 * @return the store
	 * @throws ApiSecConfigurationException when the configuration does not fit the store
	 */
	static JdbcApiKeyStore configured(ApiKeyProperties properties, DataSource dataSource) {
		if (!properties.getKeys().isEmpty()) {
			throw new ApiSecConfigurationException("apisec.api-keys.keys",
					"keys are configured but apisec.api-keys.store is jdbc, which reads only the apisec_api_key table",
					"Insert the keys into the apisec_api_key table and remove apisec.api-keys.keys, or set "
							+ "apisec.api-keys.store=properties.");
		}
		if (dataSource == null) {
			throw new ApiSecConfigurationException("apisec.api-keys.store",
					"the jdbc store needs a single DataSource and the application has none or several",
					"Configure spring.datasource.*, define an ApiKeyStore bean of your own, or set "
							+ "apisec.api-keys.store=properties.");
		}
		return new JdbcApiKeyStore(dataSource);
	}

	@Override
	public Optional<ApiKey> findByHash(byte[] hash) {
		Optional<ApiKey> key = this.attributeTable ? findWithAttributes(hash) : findWithoutAttributes(hash);
		// The database compared strings; compare the bytes again in constant time.
		return key.filter((found) -> MessageDigest.isEqual(found.hash(), hash));
	}

	private Optional<ApiKey> findWithAttributes(byte[] hash) {
		try {
			return this.jdbc.sql(BY_HASH_WITH_ATTRIBUTES)
				.param(ApiKeyHashes.hex(hash))
				.query((ResultSetExtractor<Optional<ApiKey>>) this::withAttributes);
		}
		catch (BadSqlGrammarException ex) {
			Optional<ApiKey> key = findWithoutAttributes(hash);
			// The key table answers, so the attribute table is what is missing (or
			// malformed).
			this.attributeTable = false;
			logger.info("API keys have no attributes: the table apisec_api_key_attribute cannot be read ("
					+ ex.getSQLException().getMessage() + "); create it from classpath:dev/apisec/apikey/schema.sql "
					+ "and restart to give keys attributes");
			return key;
		}
	}

	private Optional<ApiKey> findWithoutAttributes(byte[] hash) {
		return this.jdbc.sql(BY_HASH).param(ApiKeyHashes.hex(hash)).query(this::mapRow).optional();
	}

	// One row per attribute value (or one row with NULLs when the key has none).
	private Optional<ApiKey> withAttributes(ResultSet rs) throws SQLException {
		ApiKey key = null;
		Map<String, List<String>> attributes = new LinkedHashMap<>();
		while (rs.next()) {
			if (key == null) {
				key = mapRow(rs, 0);
			}
			String name = rs.getString("attribute_name");
			if (name != null) {
				attributes.computeIfAbsent(name, (ignored) -> new ArrayList<>()).add(rs.getString("attribute_value"));
			}
		}
		if (key == null) {
			return Optional.empty();
		}
		return Optional.of(new ApiKey(key.id(), key.hash(), key.roles(), key.scopes(), key.notBefore(), key.expiresAt(),
				key.enabled(), attributes));
	}

	@Override
	public List<ApiKey> findExpiring(Instant from, Instant until) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM apisec_api_key WHERE enabled = TRUE AND expires_at > ? AND expires_at <= ? "
					+ "ORDER BY expires_at, id")
			.param(from.atOffset(ZoneOffset.UTC))
			.param(until.atOffset(ZoneOffset.UTC))
			.query(this::mapRow)
			.list();
	}

	private ApiKey mapRow(ResultSet rs, int rowNum) throws SQLException {
		byte[] hash = ApiKeyHashes.parse(rs.getString("key_hash"));
		return new ApiKey(rs.getString("id"), (hash != null) ? hash : new byte[0], list(rs.getString("roles")),
				list(rs.getString("scopes")), instant(rs, "not_before"), instant(rs, "expires_at"),
				rs.getBoolean("enabled"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static List<String> list(String value) {
		if (!StringUtils.hasText(value)) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::trim).filter(StringUtils::hasText).toList();
	}

}
