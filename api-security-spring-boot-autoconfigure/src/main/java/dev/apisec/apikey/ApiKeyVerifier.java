package dev.apisec.apikey;

import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a presented key is accepted. Every key takes the same path whatever the
 * outcome: hashed once, looked up once, then checked; the caller cannot tell unknown,
 * disabled, expired and not-yet-valid keys apart, but the verification says which it was,
 * for metrics and audit.
 */
class ApiKeyVerifier {

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
		Verification verification = check(presented);
		return (verification.failure() == null) ? Optional.of(verification.key()) : Optional.empty();
	}

	/**
	 * Check a presented key.
	 * @param presented the key as sent by the client
	 * @return the key found by its hash, if any, and why it is refused, if it is
	 */
	public Verification check(String presented) {
		byte[] hash = ApiKeyHashes.sha256(presented);
		ApiKey key = this.store.findByHash(hash).orElse(null);
		return new Verification(key,
				(key != null) ? key.refusalAt(this.clock.instant()) : ApiKeyFailureReason.UNKNOWN_KEY);
	}

	/**
	 * The outcome of checking a presented key.
	 *
	 * @param key the stored key whose hash matched, or {@code null}
	 * @param failure why the key is refused, or {@code null} when it is accepted
	 */
	public record Verification(ApiKey key, ApiKeyFailureReason failure) {

	}

}
