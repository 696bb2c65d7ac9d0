package dev.apisec.jwt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys that never change: a PEM public key or an HMAC secret from configuration.
 */
final class StaticIssuerKeys implements IssuerKeys {

	private final List<VerificationKey> keys;

	private final String source;

	private final Instant loadedAt = Instant.now();

	StaticIssuerKeys(VerificationKey key, String source) {
		this.keys = List.of(key);
		this.source = source;
	}

	@Override
	public List<VerificationKey> select(String keyId, JwsAlgorithm algorithm, Instant latestSigningTime) {
		return this.keys.get(0).fits(algorithm) ? this.keys : List.of();
	}

	@Override
	public boolean isCurrent(VerificationKey key) {
		return this.keys.get(0) == key;
	}

	@Override
	public KeyStatus status() {
		List<String> ids = new ArrayList<>();
		for (VerificationKey key : this.keys) {
			ids.add((key.keyId() != null) ? key.keyId() : "(static)");
		}
		return new KeyStatus(this.source, ids, this.loadedAt, null, null, null);
	}

}
