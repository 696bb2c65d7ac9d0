package dev.apisec.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ApiSecJwtDecoder} with arbitrary strings, with tokens whose header and
 * claims come from the fuzzer but are correctly signed by a trusted key (so that every
 * check after the signature is reached), and with mutations of a valid token. Whatever
 * the input, the decoder either returns a token that passes every documented check or
 * throws {@link InvalidJwtException} with its fixed description; it never throws anything
 * else. Hangs are caught by Jazzer's per-input timeout when fuzzing.
 * <p>
 * Seeds: {@code src/test/resources/dev/apisec/jwt/ApiSecJwtDecoderFuzzTestsInputs}. The
 * decoder runs on a fixed clock, so committed seeds never expire.
 */
class ApiSecJwtDecoderFuzzTests {

	static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	static final Duration SKEW = Duration.ofSeconds(30);

	static final Duration MAX_LIFETIME = Duration.ofHours(1);

	static final String AUDIENCE = "api";

	static final List<Signer> signers = List.of(Signer.rsa(), Signer.ec(), Signer.hmac());

	static final ApiSecJwtDecoder decoder = decoder();

	static final ObjectMapper json = new ObjectMapper();

	static final String VALID_TOKEN = signers.get(0).sign(header("RS256"), validClaims(signers.get(0).issuer));

	static final Jwt VALID = decoder.decode(VALID_TOKEN);

	private static final String[] ALGORITHMS = { "RS256", "PS256", "ES256", "HS256", "none", "NONE", "RS512", "ES512",
			"EdDSA", "HS512", "" };

	@FuzzTest(maxDuration = "10s")
	void acceptsOnlyValidTokensAndThrowsOnlyInvalidJwtException(FuzzedDataProvider data) {
		switch (data.consumeInt(0, 2)) {
			case 0 -> {
				String token = data.consumeRemainingAsString();
				check(token, decode(token), null);
			}
			case 1 -> {
				Signer signer = data.pickValue(signers);
				String header = data.consumeBoolean() ? fuzzedHeader(data, signer) : data.consumeString(300);
				String claims = data.consumeBoolean() ? fuzzedClaims(data, signer) : data.consumeString(600);
				String token = signer.sign(header, claims);
				check(token, decode(token), signer);
			}
			default -> {
				String token = mutate(VALID_TOKEN, data);
				check(token, decode(token), null);
			}
		}
	}

	private static Jwt decode(String token) {
		try {
			return decoder.decode(token);
		}
		catch (InvalidJwtException ex) {
			// The client reads this sentence: it is fixed per reason, never token
			// content.
			assertThat(ex.getMessage()).isEqualTo(ex.getReason().description());
			return null;
		}
		catch (JwtException ex) {
			throw new AssertionError("Undocumented JwtException " + ex.getClass().getName(), ex);
		}
	}

	/**
	 * An accepted token satisfies every check the decoder documents. A token that was not
	 * signed here (arbitrary or mutated) may only be accepted when it is the valid token
	 * again (Base64 leaves a little slack in the last character of each part).
	 */
	private static void check(String token, Jwt jwt, Signer signedBy) {
		if (jwt == null) {
			return;
		}
		if (signedBy == null) {
			assertThat(jwt.getHeaders()).isEqualTo(VALID.getHeaders());
			assertThat(jwt.getClaims()).isEqualTo(VALID.getClaims());
			return;
		}
		assertThat(jwt.getTokenValue()).isEqualTo(token);
		// A key only ever verifies tokens of its own issuer, and only under the algorithm
		// that made the signature.
		assertThat(jwt.getClaims().get("iss")).isEqualTo(signedBy.issuer);
		assertThat(jwt.getHeaders().get("alg")).isEqualTo(signedBy.algorithms.get(0));
		assertThat(jwt.getHeaders()).doesNotContainKeys("crit", "enc");
		Object type = jwt.getHeaders().get("typ");
		assertThat(type == null || Set.of("jwt", "at+jwt", "application/jwt", "application/at+jwt")
			.contains(type.toString().toLowerCase(Locale.ROOT))).as("typ %s", type).isTrue();
		assertThat(jwt.getExpiresAt()).isNotNull();
		assertThat(NOW).isBefore(jwt.getExpiresAt().plus(SKEW));
		assertThat(jwt.getIssuedAt()).isNotNull();
		assertThat(jwt.getIssuedAt()).isBeforeOrEqualTo(NOW.plus(SKEW));
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isLessThanOrEqualTo(MAX_LIFETIME);
		if (jwt.getNotBefore() != null) {
			assertThat(jwt.getNotBefore()).isBeforeOrEqualTo(NOW.plus(SKEW));
		}
		assertThat(jwt.getAudience()).contains(AUDIENCE);
		assertThat(jwt.getClaims().get("sub")).isInstanceOf(String.class);
		assertThat(jwt.getSubject()).isNotBlank();
	}

	private static String fuzzedHeader(FuzzedDataProvider data, Signer signer) {
		Map<String, Object> header = new LinkedHashMap<>();
		switch (data.consumeInt(0, 2)) {
			case 0 -> header.put("alg", signer.algorithms.get(0));
			case 1 -> header.put("alg", data.pickValue(ALGORITHMS));
			default -> maybePut(header, "alg", data);
		}
		maybePut(header, "typ", data, "JWT");
		maybePut(header, "kid", data, "key-1");
		for (String name : List.of("crit", "enc", "jku", "jwk", "x5u", "cty")) {
			if (data.consumeInt(0, 7) == 0) {
				header.put(name, value(data, 0));
			}
		}
		return write(header);
	}

	private static String fuzzedClaims(FuzzedDataProvider data, Signer signer) {
		long now = NOW.getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		maybePut(claims, "iss", data, data.pickValue(signers).issuer);
		maybePut(claims, "aud", data, data.consumeBoolean() ? AUDIENCE : List.of("other", AUDIENCE));
		maybePut(claims, "sub", data, "alice");
		maybePut(claims, "iat", data, now + data.consumeLong(-7200, 7200));
		maybePut(claims, "exp", data, now + data.consumeLong(-7200, 7200));
		maybePut(claims, "nbf", data, now + data.consumeLong(-7200, 7200));
		maybePut(claims, "roles", data, List.of("USER"));
		int extra = data.consumeInt(0, 3);
		for (int i = 0; i < extra; i++) {
			claims.put(data.consumeString(12), value(data, 0));
		}
		return write(claims);
	}

	/** Absent, a sensible value, or any JSON value. */
	private static void maybePut(Map<String, Object> map, String name, FuzzedDataProvider data, Object sensible) {
		switch (data.consumeInt(0, 3)) {
			case 0 -> {
			}
			case 1 -> map.put(name, value(data, 0));
			default -> map.put(name, sensible);
		}
	}

	private static void maybePut(Map<String, Object> map, String name, FuzzedDataProvider data) {
		if (data.consumeBoolean()) {
			map.put(name, value(data, 0));
		}
	}

	private static Object value(FuzzedDataProvider data, int depth) {
		int kind = data.consumeInt(0, (depth < 20) ? 7 : 5);
		return switch (kind) {
			case 0 -> null;
			case 1 -> data.consumeBoolean();
			case 2 -> data.consumeLong();
			case 3 -> data.consumeRegularDouble();
			case 4, 5 -> data.consumeString(40);
			case 6 -> {
				List<Object> list = new ArrayList<>();
				int size = data.consumeInt(0, 3);
				for (int i = 0; i < size; i++) {
					list.add(value(data, depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> map = new LinkedHashMap<>();
				int size = data.consumeInt(0, 3);
				for (int i = 0; i < size; i++) {
					map.put(data.consumeString(8), value(data, depth + 1));
				}
				yield map;
			}
		};
	}

	private static String mutate(String token, FuzzedDataProvider data) {
		StringBuilder result = new StringBuilder(token);
		int mutations = data.consumeInt(1, 4);
		for (int i = 0; i < mutations && result.length() > 0; i++) {
			int at = data.consumeInt(0, result.length() - 1);
			switch (data.consumeInt(0, 3)) {
				case 0 -> result.setCharAt(at, data.consumeChar());
				case 1 -> result.insert(at, data.consumeString(8));
				case 2 -> result.delete(at, Math.min(result.length(), at + data.consumeInt(1, 16)));
				default -> result.setLength(at);
			}
		}
		return result.toString();
	}

	private static String write(Object value) {
		try {
			return json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String header(String algorithm) {
		return "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\",\"kid\":\"key-1\"}";
	}

	static String validClaims(String issuer) {
		long now = NOW.getEpochSecond();
		return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"alice\",\"iat\":" + now + ",\"exp\":"
				+ (now + 600) + ",\"roles\":[\"USER\"]}";
	}

	private static ApiSecJwtDecoder decoder() {
		List<TrustedIssuer> issuers = new ArrayList<>();
		for (Signer signer : signers) {
			issuers.add(new TrustedIssuer(signer.issuer, Set.of(AUDIENCE), false, List.of("aud"),
					Set.copyOf(signer.algorithms.stream().map(JwsAlgorithm::forName).toList()), "sub",
					new StaticIssuerKeys(signer.verificationKey, "fuzz"), AuthorityMapping.defaults()));
		}
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return new ApiSecJwtDecoder(new TrustedIssuers(issuers, null),
				new ValidatedTokenCache(1000, MAX_LIFETIME, clock), clock, SKEW, MAX_LIFETIME, JwtEventListener.NONE);
	}

	/**
	 * A trusted issuer's key and how to sign with it, whatever the header says: always
	 * with the first of its algorithms.
	 */
	record Signer(String issuer, List<String> algorithms, VerificationKey verificationKey, SignFunction function) {

		static Signer rsa() {
			KeyPair pair = generate("RSA", null);
			return new Signer("https://rsa.example", List.of("RS256", "PS256"),
					VerificationKey.of("key-1", pair.getPublic(), null),
					(input) -> signature("SHA256withRSA", pair.getPrivate(), input));
		}

		static Signer ec() {
			KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
			return new Signer("https://ec.example", List.of("ES256"),
					VerificationKey.of("key-1", pair.getPublic(), null),
					(input) -> signature("SHA256withECDSAinP1363Format", pair.getPrivate(), input));
		}

		static Signer hmac() {
			SecretKeySpec secret = new SecretKeySpec(
					"a-fuzzing-hmac-secret-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
			return new Signer("https://hmac.example", List.of("HS256"), VerificationKey.hmac(secret), (input) -> {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(secret);
				return mac.doFinal(input);
			});
		}

		String sign(String headerJson, String claimsJson) {
			String signingInput = b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
					+ b64(claimsJson.getBytes(StandardCharsets.UTF_8));
			try {
				return signingInput + "." + b64(this.function.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static byte[] signature(String algorithm, PrivateKey key, byte[] input)
				throws GeneralSecurityException {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(key);
			signature.update(input);
			return signature.sign();
		}

		private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
				if (spec != null) {
					generator.initialize(spec);
				}
				else {
					generator.initialize(2048);
				}
				return generator.generateKeyPair();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String b64(byte[] bytes) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

	@FunctionalInterface
	interface SignFunction {

		byte[] sign(byte[] input) throws GeneralSecurityException;

	}

}
