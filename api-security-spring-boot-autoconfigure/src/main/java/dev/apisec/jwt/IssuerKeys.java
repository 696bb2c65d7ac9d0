package dev.apisec.jwt;

import java.time.Instant;
import java.util.List;

/**
 * Where the keys of one issuer come from: a JWK Set kept fresh in the background, or one
 * static key.
 */
interface IssuerKeys {

	/**
	 * Return the keys that may verify a token with the given key id and algorithm; empty
	 * when none does.
	 * @param keyId the token's "kid" header, or {@code null}
	 * @param algorithm the token's algorithm
	 * @param latestSigningTime the latest time the token can have been signed (its "iat"
	 * plus the clock skew), or {@code null} when it has no "iat"
	 * @return candidate keys, usually one
	 * @throws KeysUnavailableException when the key cannot be checked yet: no keys could
	 * be obtained, or the key id is unknown and the keys cannot be fetched again now
	 */
	List<VerificationKey> select(String keyId, JwsAlgorithm algorithm, Instant latestSigningTime);

	/**
	 * Whether the key is still one of this issuer's keys, so that a cached validation
	 * never outlives a key that was withdrawn.
	 * @param key a key previously returned by {@link #select}
	 * @return whether it is current
	 */
	boolean isCurrent(VerificationKey key);

	/**
	 * Start background work, if any.
	 */
	default void start() {
	}

	/**
	 * Stop background work, if any.
	 */
	default void stop() {
	}

	/**
	 * Return a snapshot of the key state, for operations.
	 * @return the status
	 */
	KeyStatus status();

}
