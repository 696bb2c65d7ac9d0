package dev.apisec.apikey;

import java.util.Base64;

import dev.apisec.test.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApiKeyHttpTests} with the keys in {@code apisec.api-keys.keys}, hashes written
 * both in hex and in base64.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PropertiesStoreApiKeyHttpTests extends ApiKeyHttpTests {

	PropertiesStoreApiKeyHttpTests(@LocalServerPort int port) {
		super(port);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		commonProperties(registry);
		for (int i = 0; i < KEYS.size(); i++) {
			TestKey key = KEYS.get(i);
			String prefix = "apisec.api-keys.keys[" + i + "].";
			registry.add(prefix + "id", key::id);
			// Alternate the two accepted spellings of a hash.
			registry.add(prefix + "hash", () -> (key.id().hashCode() % 2 == 0) ? key.hexHash()
					: Base64.getEncoder().encodeToString(ApiKeyHashes.sha256(key.key())));
			registry.add(prefix + "roles", key::roles);
			registry.add(prefix + "scopes", key::scopes);
			if (key.notBefore() != null) {
				registry.add(prefix + "not-before", () -> key.notBefore().toString());
			}
			if (key.expiresAt() != null) {
				registry.add(prefix + "expires-at", () -> key.expiresAt().toString());
			}
			registry.add(prefix + "enabled", key::enabled);
			key.attributes()
				.forEach((name, values) -> registry.add(prefix + "attributes." + name, () -> String.join(",", values)));
		}
	}

}
