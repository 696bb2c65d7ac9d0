package dev.apisec.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys are looked up, by the SHA-256 hash of the presented key. Define a bean
 * of this type to replace the properties-backed or JDBC store.
 */
public interface ApiKeyStore {

	/**
	 * Return the key whose hash is the given one, whatever its state (disabled, expired,
	 * not yet valid): the caller checks it. Implementations compare hashes in constant
	 * time.
	 * @param hash the 32-byte SHA-256 hash of the presented key
	 * @return the key, or empty
	 */
	Optional<ApiKey> findByHash(byte[] hash);

	/**
	 * Return the enabled keys that expire after {@code from} and no later than
	 * {@code until}, for expiry reports. The default reports none.
	 * @param from start of the window, exclusive
	 * @param until end of the window, inclusive
	 * @return the keys, ordered by expiry
	 */
	default List<ApiKey> findExpiring(Instant from, Instant until) {
		return List.of();
	}

}
