package dev.apisec.apikey;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.ConfiguredAttributes;

import org.springframework.util.StringUtils;

/**
 * The keys of {@code apisec.api-keys.keys}, validated at startup and held in a map from
 * hash to key. The map only narrows the search; the hash found is compared with
 * {@link MessageDigest#isEqual(byte[], byte[])}, which takes the same time wherever the
 * bytes differ.
 */
public class PropertiesApiKeyStore implements ApiKeyStore {

	private static final String PREFIX = "apisec.api-keys.keys";

	private final Map<ByteBuffer, ApiKey> keysByHash;

	/**
	 * Create a store of the given keys.
	 * @param keys the keys
	 */
	public PropertiesApiKeyStore(List<ApiKey> keys) {
		Map<ByteBuffer, ApiKey> byHash = new HashMap<>();
		for (ApiKey key : keys) {
			byHash.put(ByteBuffer.wrap(key.hash()), key);
		}
		this.keysByHash = Map.copyOf(byHash);
	}

	/**
	 * Validate the configured keys and create a store of them.
	 * @param properties the properties
	 * @return the store
	 */
	public static PropertiesApiKeyStore from(ApiKeyProperties properties) {
		Set<String> ids = new HashSet<>();
		Set<ByteBuffer> hashes = new HashSet<>();
		List<ApiKey> keys = new ArrayList<>();
		for (int i = 0; i < properties.getKeys().size(); i++) {
			ApiKeyProperties.Key config = properties.getKeys().get(i);
			String prefix = PREFIX + "[" + i + "]";
			if (!StringUtils.hasText(config.getId())) {
				throw new ApiSecConfigurationException(prefix + ".id", "the key has no id",
						"Give every API key an id; it becomes the principal name of requests made with it.");
			}
			String id = config.getId().trim();
			if (!ids.add(id)) {
				throw new ApiSecConfigurationException(prefix + ".id", "the key id '" + id + "' is used twice",
						"Give every API key its own id; rotate by adding a second key with a new id.");
			}
			byte[] hash = ApiKeyHashes.parse(config.getHash());
			if (hash == null) {
				throw new ApiSecConfigurationException(prefix + ".hash",
						"the hash of key '" + id + "' is not a SHA-256 hash",
						"Set the SHA-256 hash of the key as 64 hex digits or 43-44 base64 characters, never the key "
								+ "itself (see docs/api-keys.md: java dev.apisec.apikey.ApiKeyGenerator).");
			}
			if (!hashes.add(ByteBuffer.wrap(hash))) {
				throw new ApiSecConfigurationException(prefix + ".hash",
						"the hash of key '" + id + "' is the hash of another key",
						"Generate a new key for every key id; two ids cannot share a key.");
			}
			if (config.getNotBefore() != null && config.getExpiresAt() != null
					&& !config.getExpiresAt().isAfter(config.getNotBefore())) {
				throw new ApiSecConfigurationException(
						prefix + ".expires-at", "key '" + id + "' expires at " + config.getExpiresAt()
								+ ", not after its not-before " + config.getNotBefore(),
						"Set expires-at after not-before.");
			}
			keys.add(new ApiKey(id, hash, trimmed(config.getRoles()), trimmed(config.getScopes()),
					config.getNotBefore(), config.getExpiresAt(), config.isEnabled(),
					ConfiguredAttributes.copyOf(config.getAttributes())));
		}
		return new PropertiesApiKeyStore(keys);
	}

	private static List<String> trimmed(List<String> values) {
		return values.stream().filter(StringUtils::hasText).map(String::trim).toList();
	}

	@Override
	public Optional<ApiKey> findByHash(byte[] hash) {
		ApiKey key = this.keysByHash.get(ByteBuffer.wrap(hash));
		return (key != null && MessageDigest.isEqual(key.hash(), hash)) ? Optional.of(key) : Optional.empty();
	}

	@Override
	public List<ApiKey> findExpiring(Instant from, Instant until) {
		return this.keysByHash.values()
			.stream()
			.filter((key) -> key.enabled() && key.expiresAt() != null && key.expiresAt().isAfter(from)
					&& !key.expiresAt().isAfter(until))
			.sorted(Comparator.comparing(ApiKey::expiresAt).thenComparing(ApiKey::id))
			.toList();
	}

}
