package dev.apisec.apikey;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Prints a new random API key (32 bytes, base64url without padding) and its SHA-256 hash
 * in hex, for {@code apisec.api-keys.keys[].hash} or the {@code key_hash} column. Writes
 * only to standard output, never to a file:
 * {@code java -cp api-security-spring-boot-autoconfigure.jar dev.apisec.apikey.ApiKeyGenerator}.
 */
public final class ApiKeyGenerator {

	private ApiKeyGenerator() {
	}

	/**
	 * Print a new key and its hash.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		System.out.println("key:  " + key);
		System.out.println("hash: " + ApiKeyHashes.hex(ApiKeyHashes.sha256(key)));
	}

}
