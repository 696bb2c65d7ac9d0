package dev.apisec.apikey;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored API key: its id, the SHA-256 hash of the key (never the key), what it grants
 * and when it is accepted.
 *
 * @param id the key id, the principal name of requests made with the key
 * @param hash the 32-byte SHA-256 hash of the key
 * @param roles roles without the ROLE_ prefix
 * @param scopes scopes
 * @param notBefore instant before which the key is not accepted, or {@code null}
 * @param expiresAt instant from which the key is no longer accepted, or {@code null}
 * @param enabled whether the key is accepted at all
 * @param attributes attributes tested by the claims conditions of authorization rules,
 * each with one or more values; {@code null} for none
 */
public record ApiKey(String id, byte[] hash, List<String> roles, List<String> scopes, Instant notBefore,
		Instant expiresAt, boolean enabled, Map<String, List<String>> attributes) {

	public ApiKey {
		hash = hash.clone();
		roles = List.copyOf(roles);
		scopes = List.copyOf(scopes);
		Map<String, List<String>> copy = new LinkedHashMap<>();
		if (attributes != null) {
			attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		}
		attributes = Map.copyOf(copy);
	}

	/**
	 * Create a key without attributes.
	 * @param id the key id
	 * @param hash the 32-byte SHA-256 hash of the key
	 * @param roles roles without the ROLE_ prefix
	 * @param scopes scopes
	 * @param notBefore instant before which the key is not accepted, or {@code null}
	 * @param expiresAt instant from which the key is no longer accepted, or {@code null}
	 * @param enabled whether the key is accepted at all
	 */
	public ApiKey(String id, byte[] hash, List<String> roles, List<String> scopes, Instant notBefore, Instant expiresAt,
			boolean enabled) {
		this(id, hash, roles, scopes, notBefore, expiresAt, enabled, Map.of());
	}

	@Override
	public byte[] hash() {
		return this.hash.clone();
	}

	/**
	 * Return whether the key is accepted at an instant: enabled, not before its start and
	 * before its expiry.
	 * @param now the instant
	 * @return whether the key is accepted
	 */
	public boolean isAcceptedAt(Instant now) {
		return refusalAt(now) == null;
	}

	/**
	 * Return why the key is refused at an instant.
	 * @param now the instant
	 * @return {@code DISABLED}, {@code NOT_YET_VALID}, {@code EXPIRED}, or {@code null}
	 * when the key is accepted
	 */
	public ApiKeyFailureReason refusalAt(Instant now) {
		if (!this.enabled) {
			return ApiKeyFailureReason.DISABLED;
		}
		if (this.notBefore != null && now.isBefore(this.notBefore)) {
			return ApiKeyFailureReason.NOT_YET_VALID;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return ApiKeyFailureReason.EXPIRED;
		}
		return null;
	}

	@Override
	public String toString() {
		// Never the hash: it is enough to recognise the key in logs and dumps.
		return "ApiKey[id=" + this.id + ", roles=" + this.roles + ", scopes=" + this.scopes + ", notBefore="
				+ this.notBefore + ", expiresAt=" + this.expiresAt + ", enabled=" + this.enabled + ", attributes="
				+ this.attributes + "]";
	}

}
