package dev.apisec.sample.retail.attack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Crafts tokens the way an attacker would, with Nimbus or by hand where no library would
 * produce the token.
 */
final class Forge {

	/** A key only the attacker holds. */
	static final RSAKey ATTACKER_KEY = rsaKey("attacker-1");

	private Forge() {
	}

	static RSAKey rsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ECKey ecKey(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Claims valid for ten minutes from now.
	 * @param issuer the issuer
	 * @param subject the subject
	 * @param roles the roles
	 * @return a builder to adjust
	 */
	static JWTClaimsSet.Builder claims(String issuer, String subject, String... roles) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience("retail-api")
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.claim("roles", List.of(roles));
	}

	/**
	 * Sign with the key's natural algorithm (RS256 or ES256) and its key id.
	 * @param key the signing key
	 * @param claims the claims
	 * @param header adjusts the header
	 * @return the compact token
	 */
	static String sign(JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
		try {
			JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
			JWSAlgorithm algorithm = (key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
			JWSHeader.Builder builder = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
			header.accept(builder);
			SignedJWT jwt = new SignedJWT(builder.build(), claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(JWK key, JWTClaimsSet claims) {
		return sign(key, claims, (header) -> {
		});
	}

	/**
	 * Sign with HS256, using any bytes as the secret (the key-confusion attack signs with
	 * the issuer's public key).
	 * @param secret the secret
	 * @param kid the key id to claim
	 * @param claims the claims
	 * @return the compact token
	 */
	static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Assemble a token from raw parts, for tokens no library would produce.
	 * @param headerJson the header JSON
	 * @param claimsJson the claims JSON
	 * @param signature the third part, already base64url, may be empty
	 * @return the token
	 */
	static String raw(String headerJson, String claimsJson, String signature) {
		return b64(headerJson) + "." + b64(claimsJson) + "." + signature;
	}

	static String b64(String text) {
		return b64(text.getBytes(StandardCharsets.UTF_8));
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	/**
	 * Replace one part of a compact token.
	 * @param token the token
	 * @param index 0 header, 1 claims, 2 signature
	 * @param part the new part, already base64url
	 * @return the changed token
	 */
	static String withPart(String token, int index, String part) {
		String[] parts = token.split("\\.", -1);
		parts[index] = part;
		return String.join(".", parts);
	}

}
