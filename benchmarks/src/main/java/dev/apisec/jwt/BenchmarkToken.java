package dev.apisec.jwt;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A freshly generated key and a token signed with it, shared by the benchmarks so that
 * the decoder and the bare JCA verification work on the same signing input and signature.
 *
 * @param algorithm the JWS algorithm name
 * @param token the compact JWS
 * @param signingInput the ASCII bytes of "header.payload"
 * @param signature the decoded signature
 * @param verificationKey the public key, or the HMAC secret key
 * @param pem the public key as a PEM "PUBLIC KEY" block, {@code null} for HMAC
 * @param hmacSecret the HMAC secret, {@code null} for public key algorithms
 */
record BenchmarkToken(String algorithm, String token, byte[] signingInput, byte[] signature, Key verificationKey,
		String pem, String hmacSecret) {

	static final String ISSUER = "https://issuer.bench.example";

	static final String AUDIENCE = "bench";

	static final String SUBJECT = "bench-user";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/**
	 * Generate a key for the algorithm and a token valid for one hour from now.
	 * @param algorithm one of RS256, ES256, EdDSA and HS256
	 * @return the token and its key
	 * @throws Exception if a key cannot be generated or the token signed
	 */
	static BenchmarkToken create(String algorithm) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(SUBJECT)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.build();
		String keyId = "bench-" + algorithm.toLowerCase(Locale.ROOT);
		return switch (algorithm) {
			case "RS256" -> {
				RSAKey key = new RSAKeyGenerator(2048).keyID(keyId).generate();
				yield signed(algorithm, claims, keyId, new RSASSASigner(key), key.toRSAPublicKey(),
						pem(key.toRSAPublicKey().getEncoded()), null);
			}
			case "ES256" -> {
				ECKey key = new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
				yield signed(algorithm, claims, keyId, new ECDSASigner(key), key.toECPublicKey(),
						pem(key.toECPublicKey().getEncoded()), null);
			}
			case "HS256" -> {
				byte[] random = new byte[48];
				new SecureRandom().nextBytes(random);
				String secret = BASE64URL.encodeToString(random);
				byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
				yield signed(algorithm, claims, keyId, new MACSigner(secretBytes),
						new SecretKeySpec(secretBytes, "HmacSHA256"), null, secret);
			}
			case "EdDSA" -> ed25519(claims, keyId);
			default -> throw new IllegalArgumentException("Unsupported algorithm " + algorithm);
		};
	}

	private static BenchmarkToken signed(String algorithm, JWTClaimsSet claims, String keyId, JWSSigner signer,
			Key verificationKey, String pem, String hmacSecret) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID(keyId).build(),
				claims);
		jwt.sign(signer);
		return new BenchmarkToken(algorithm, jwt.serialize(), jwt.getSigningInput(), jwt.getSignature().decode(),
				verificationKey, pem, hmacSecret);
	}

	/**
	 * Nimbus signs Ed25519 only with the optional Tink library, so the signature is made
	 * with the JDK over the signing input Nimbus builds.
	 */
	private static BenchmarkToken ed25519(JWTClaimsSet claims, String keyId) throws Exception {
		KeyPair keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		SignedJWT unsigned = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(keyId).build(), claims);
		byte[] signingInput = unsigned.getSigningInput();
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(keyPair.getPrivate());
		signer.update(signingInput);
		byte[] signature = signer.sign();
		String token = new String(signingInput, StandardCharsets.US_ASCII) + "." + BASE64URL.encodeToString(signature);
		return new BenchmarkToken("EdDSA", token, signingInput, signature, keyPair.getPublic(),
				pem(keyPair.getPublic().getEncoded()), null);
	}

	private static String pem(byte[] subjectPublicKeyInfo) {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(subjectPublicKeyInfo)
				+ "\n-----END PUBLIC KEY-----\n";
	}

}
