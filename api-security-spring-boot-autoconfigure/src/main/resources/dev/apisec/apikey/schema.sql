-- API keys for apisec.api-keys.store=jdbc. Apply it yourself (Flyway, Liquibase or
-- spring.sql.init.schema-locations); the starter never changes your schema.
-- key_hash: lowercase hex SHA-256 of the key (64 characters); the key itself is never stored.
-- roles, scopes: comma-separated, roles without the ROLE_ prefix.
-- not_before, expires_at: NULL for "from now on" and "never".
-- Works on H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS apisec_api_key (
    id          VARCHAR(100)             NOT NULL PRIMARY KEY,
    key_hash    CHAR(64)                 NOT NULL UNIQUE,
    roles       VARCHAR(1000)            NOT NULL DEFAULT '',
    scopes      VARCHAR(1000)            NOT NULL DEFAULT '',
    not_before  TIMESTAMP WITH TIME ZONE,
    expires_at  TIMESTAMP WITH TIME ZONE,
    enabled     BOOLEAN                  NOT NULL DEFAULT TRUE
);
