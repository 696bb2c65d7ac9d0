package dev.apisec.jwt;

import java.time.Instant;
import java.util.List;

/**
 * What an issuer's key source knows at one moment: the key ids it holds, when they were
 * fetched, when the next refresh is due and the last error, if any.
 *
 * @param source where keys come from (a URI, "static" or "hmac")
 * @param keyIds ids of the keys currently held
 * @param lastRefresh when keys were last obtained, or {@code null}
 * @param nextRefresh when the next background refresh is due, or {@code null}
 * @param lastError the last fetch failure, or {@code null}
 * @param lastErrorAt when it happened, or {@code null}
 */
public record KeyStatus(String source, List<String> keyIds, Instant lastRefresh, Instant nextRefresh, String lastError,
		Instant lastErrorAt) {

	/**
	 * Whether keys were ever obtained.
	 * @return {@code true} when keys are usable
	 */
	public boolean hasKeys() {
		return this.lastRefresh != null;
	}

}
