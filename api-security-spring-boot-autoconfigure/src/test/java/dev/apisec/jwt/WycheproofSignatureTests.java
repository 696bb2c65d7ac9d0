package dev.apisec.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Project Wycheproof's signature vectors (C2SP/wycheproof, {@code testvectors_v1}, copied
 * unchanged into {@code src/test/resources/wycheproof}) through the starter's own
 * {@link VerificationKey}: every test group of every file, public keys converted from the
 * vector's JWK by {@link JwkSetParser} as for a JWK Set, HMAC secrets as for
 * {@code hmac-secret} (whose configured minimum length is checked at startup, not here).
 * No invalid signature may verify, and no truncated HMAC tag, valid or not: JWS uses the
 * full MAC. The valid ones that are refused are listed here exactly, so that a JDK or
 * starter change that alters them shows. The two "acceptable" RSA vectors may go either
 * way.
 */
class WycheproofSignatureTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final ObjectMapper json = new ObjectMapper();

	/** Every file, with the JWS algorithm its groups are verified as. */
	private static final Map<String, JwsAlgorithm> FILES = Map.of("ecdsa_secp256r1_sha256_p1363_test.json",
			JwsAlgorithm.ES256, "ecdsa_secp384r1_sha384_p1363_test.json", JwsAlgorithm.ES384,
			"ecdsa_secp521r1_sha512_p1363_test.json", JwsAlgorithm.ES512, "ed25519_test.json", JwsAlgorithm.EdDSA,
			"hmac_sha256_test.json", JwsAlgorithm.HS256, "hmac_sha384_test.json", JwsAlgorithm.HS384,
			"hmac_sha512_test.json", JwsAlgorithm.HS512, "rsa_pss_2048_sha256_mgf1_32_test.json", JwsAlgorithm.PS256,
			"rsa_signature_2048_sha256_test.json", JwsAlgorithm.RS256, "rsa_signature_3072_sha256_test.json",
			JwsAlgorithm.RS256);

	/**
	 * Valid vectors that the verifier refuses, by file and tcId: JDK 17's ECDSA refuses a
	 * signature whose nonce point has an x-coordinate of n or more (r is x - n), two per
	 * curve. Refusing a valid signature is safe; no issuer produces these on purpose (a
	 * random nonce hits them with a probability of about 2^-128 or less).
	 */
	private static final Map<String, List<Integer>> KNOWN_VALID_REFUSED = Map.of(
			"ecdsa_secp256r1_sha256_p1363_test.json", List.of(115, 257), "ecdsa_secp384r1_sha384_p1363_test.json",
			List.of(147, 275), "ecdsa_secp521r1_sha512_p1363_test.json", List.of(184, 313));

	@Test
	void noInvalidSignatureOfAnyVectorFileVerifiesAndOnlyTheKnownValidOnesAreRefused() throws Exception {
		Results results = new Results();
		for (Map.Entry<String, JwsAlgorithm> file : new TreeMap<>(FILES).entrySet()) {
			run(file.getKey(), file.getValue(), results);
		}
		assertThat(results.tests).as("vectors run").isEqualTo(results.declared).isEqualTo(2159);
		assertThat(results.counts).as("vectors by kind")
			.containsExactlyInAnyOrderEntriesOf(
					Map.of("valid", 864, "invalid", 1032, "acceptable", 2, "truncated", 261));
		assertThat(results.invalidAccepted).as("invalid signatures that verified").isEmpty();
		assertThat(results.truncatedAccepted).as("truncated HMAC tags that verified").isEmpty();
		assertThat(results.validRefused).as("valid signatures refused").isEqualTo(KNOWN_VALID_REFUSED);
	}

	private void run(String file, JwsAlgorithm algorithm, Results results) throws IOException {
		JsonNode vectors = read(file);
		results.declared += vectors.get("numberOfTests").asInt();
		for (JsonNode group : vectors.get("testGroups")) {
			VerificationKey groupKey = publicKey(group, algorithm);
			// JWS MACs are never truncated: a shorter tag must be refused even when
			// correct.
			boolean truncated = group.has("tagSize") && group.get("tagSize").asInt() != 8 * algorithm.size();
			for (JsonNode test : group.get("tests")) {
				results.tests++;
				int tcId = test.get("tcId").asInt();
				VerificationKey key = (algorithm.family() == JwsAlgorithm.KeyFamily.HMAC)
						? VerificationKey
							.hmac(new SecretKeySpec(HEX.parseHex(test.get("key").asText()), algorithm.jcaName()))
						: groupKey;
				byte[] message = HEX.parseHex(test.get("msg").asText());
				byte[] signature = HEX.parseHex(test.get(group.has("tagSize") ? "tag" : "sig").asText());
				boolean verified = key != null && key.fits(algorithm) && key.verify(algorithm, message, signature);
				String result = test.get("result").asText();
				results.counts.merge(truncated ? "truncated" : result, 1, Integer::sum);
				if (truncated) {
					results.add(verified, results.truncatedAccepted, file, tcId);
				}
				else if (result.equals("invalid")) {
					results.add(verified, results.invalidAccepted, file, tcId);
				}
				else if (result.equals("valid")) {
					results.add(!verified, results.validRefused, file, tcId);
				}
			}
		}
	}

	private static VerificationKey publicKey(JsonNode group, JwsAlgorithm algorithm) {
		if (algorithm.family() == JwsAlgorithm.KeyFamily.HMAC) {
			// Each HMAC test has its own key.
			return null;
		}
		String jwk = String.valueOf(group.has("publicKeyJwk") ? group.get("publicKeyJwk") : group.get("keyJwk"));
		if (algorithm.family() == JwsAlgorithm.KeyFamily.EC && !group.has("publicKeyJwk")) {
			// Some ECDSA groups come without a JWK: the same key as one, from its
			// coordinates.
			jwk = ecJwk(group.get("publicKey"), algorithm.size());
		}
		try {
			List<VerificationKey> keys = JwkSetParser.parse("{\"keys\":[" + jwk + "]}", "wycheproof");
			return keys.isEmpty() ? null : keys.get(0);
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static String ecJwk(JsonNode publicKey, int coordinateBytes) {
		String curve = switch (publicKey.get("curve").asText()) {
			case "secp256r1" -> "P-256";
			case "secp384r1" -> "P-384";
			case "secp521r1" -> "P-521";
			default -> throw new IllegalArgumentException(publicKey.get("curve").asText());
		};
		return "{\"kty\":\"EC\",\"crv\":\"" + curve + "\",\"x\":\"" + coordinate(publicKey.get("wx"), coordinateBytes)
				+ "\",\"y\":\"" + coordinate(publicKey.get("wy"), coordinateBytes) + "\"}";
	}

	/**
	 * Wycheproof's coordinates are signed big-endian hex; a JWK's are unsigned, at the
	 * curve's size.
	 */
	private static String coordinate(JsonNode hex, int length) {
		byte[] unsigned = new BigInteger(hex.asText(), 16).toByteArray();
		byte[] fixed = new byte[length];
		int copied = Math.min(unsigned.length, length);
		System.arraycopy(unsigned, unsigned.length - copied, fixed, length - copied, copied);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
	}

	private static JsonNode read(String file) throws IOException {
		try (InputStream in = WycheproofSignatureTests.class.getResourceAsStream("/wycheproof/" + file)) {
			assertThat(in).as(file).isNotNull();
			return json.readTree(in);
		}
	}

	private static final class Results {

		int declared;

		int tests;

		final Map<String, Integer> counts = new TreeMap<>();

		final Map<String, List<Integer>> invalidAccepted = new TreeMap<>();

		final Map<String, List<Integer>> truncatedAccepted = new TreeMap<>();

		final Map<String, List<Integer>> validRefused = new TreeMap<>();

		void add(boolean condition, Map<String, List<Integer>> list, String file, int tcId) {
			if (condition) {
				list.computeIfAbsent(file, (name) -> new ArrayList<>()).add(tcId);
			}
		}

	}

}
