package dev.apisec.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 hashes of API keys: computing them, and reading them from configuration as hex
 * or base64 (standard or URL-safe, padded or not).
 */
final class ApiKeyHashes {

	static final int LENGTH = 32;

	private ApiKeyHashes() {
	}

	/**
	 * Return the SHA-256 hash of the UTF-8 bytes of a key.
	 * @param key the key
	 * @return the 32-byte hash
	 */
	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Parse a hash written as 64 hex digits or 43-44 base64 characters.
	 * @param value the written hash
	 * @return the 32-byte hash, or {@code null} if the value is not one
	 */
	static byte[] parse(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() == 64 && trimmed.chars().allMatch(ApiKeyHashes::isHexDigit)) {
			return HexFormat.of().parseHex(trimmed);
		}
		if (trimmed.length() == 43 || trimmed.length() == 44) {
			String unpadded = trimmed.endsWith("=") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
			if (unpadded.length() != 43) {
				return null;
			}
			try {
				byte[] bytes = (unpadded.indexOf('-') >= 0 || unpadded.indexOf('_') >= 0)
						? Base64.getUrlDecoder().decode(unpadded) : Base64.getDecoder().decode(unpadded);
				return (bytes.length == LENGTH) ? bytes : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Return the lowercase hex form of a hash, as the JDBC store keeps it.
	 * @param hash the hash
	 * @return 64 hex digits
	 */
	static String hex(byte[] hash) {
		return HexFormat.of().formatHex(hash);
	}

	private static boolean isHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
