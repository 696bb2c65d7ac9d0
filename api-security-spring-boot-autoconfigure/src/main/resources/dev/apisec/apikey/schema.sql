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

-- Optional: attributes of a key, tested by the claims of authorization rules like token claims.
-- One row per value; a name with several rows has several values. Without this table keys
-- have no attributes (a rule with claims denies them), so an existing schema keeps working.
CREATE TABLE IF NOT EXISTS apisec_api_key_attribute (
    key_id           VARCHAR(100)        NOT NULL REFERENCES apisec_api_key (id) ON DELETE CASCADE,
    attribute_name   VARCHAR(100)        NOT NULL,
    attribute_value  VARCHAR(1000)       NOT NULL,
    PRIMARY KEY (key_id, attribute_name, attribute_value)
);
