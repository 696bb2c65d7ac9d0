package dev.apisec.apikey;

import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a presented key is accepted. Every key takes the same path whatever the
 * outcome: hashed once, looked up once, then checked; the caller cannot tell unknown,
 * disabled, expired and not-yet-valid keys apart.
 */
public class ApiKeyVerifier {

	private final ApiKeyStore store;

	private final Clock clock;

	/**
	 * Create a verifier.
	 * @param store where keys are looked up
	 * @param clock the clock validity is checked against
	 */
	public ApiKeyVerifier(ApiKeyStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/**
	 * Return the key if the presented one is accepted now.
	 * @param presented the key as sent by the client
	 * @return the accepted key, or empty
	 */
	public Optional<ApiKey> verify(String presented) {
		byte[] hash = ApiKeyHashes.sha256(presented);
		Optional<ApiKey> found = this.store.findByHash(hash);
		return found.filter((key) -> key.isAcceptedAt(this.clock.instant()));
	}

}
