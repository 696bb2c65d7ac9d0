package dev.apisec.apikey;

import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

/**
 * API keys in the {@code apisec_api_key} table (schema in
 * {@code classpath:dev/apisec/apikey/schema.sql}), looked up by the hex SHA-256 hash of the
 * presented key through the unique index on {@code key_hash}, one query per request. Roles and
 * scopes are comma-separated. Works on H2 and PostgreSQL.
 */
public class JdbcApiKeyStore implements ApiKeyStore {

	private static final String COLUMNS = "id, key_hash, roles, scopes, not_before, expires_at, enabled";

	private final JdbcClient jdbc;

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

	@Override
	public Optional<ApiKey> findByHash(byte[] hash) {
		Optional<ApiKey> key = this.jdbc.sql("SELECT " + COLUMNS + " FROM apisec_api_key WHERE key_hash = ?")
			.param(ApiKeyHashes.hex(hash))
			.query(this::mapRow)
			.optional();
		// The database compared strings; compare the bytes again in constant time.
		return key.filter((found) -> MessageDigest.isEqual(found.hash(), hash));
	}

	@Override
	public List<ApiKey> findExpiring(Instant from, Instant until) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM apisec_api_key WHERE enabled = TRUE AND expires_at > ? AND expires_at <= ? "
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
