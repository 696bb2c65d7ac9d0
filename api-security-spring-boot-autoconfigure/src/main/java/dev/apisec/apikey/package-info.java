/**
 * API-key authentication from {@code apisec.api-keys.*}: a filter in the starter's chain
 * authenticates the configured header against an {@code ApiKeyStore} (the properties, a
 * JDBC table, or a store of the application's own), limits failed attempts per client
 * address and reports keys near expiry. Keys are only ever stored and compared as SHA-256
 * hashes; {@code ApiKeyGenerator} prints a new key together with its hash.
 */
package dev.apisec.apikey;
