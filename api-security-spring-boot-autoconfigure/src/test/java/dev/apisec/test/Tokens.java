package dev.apisec.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
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
 * Real signed tokens for tests, made with Nimbus.
 */
public final class Tokens {

	private Tokens() {
	}

	public static RSAKey rsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static ECKey ecKey(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Claims valid for an hour from now.
	 * @param issuer the issuer
	 * @param audience the audience
	 * @param subject the subject
	 * @return a claims builder
	 */
	public static JWTClaimsSet.Builder claims(String issuer, String audience, String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)));
	}

	public static String sign(JWK key, JWTClaimsSet claims) {
		return sign(key, claims, (header) -> {
		});
	}

	/**
	 * Sign the claims with the key's natural algorithm (RS256, ES256 or HS256).
	 * @param key the key
	 * @param claims the claims
	 * @param header adjusts the header
	 * @return the compact JWS
	 */
	public static String sign(JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
		try {
			JWSAlgorithm algorithm;
			JWSSigner signer;
			if (key instanceof RSAKey rsa) {
				algorithm = JWSAlgorithm.RS256;
				signer = new RSASSASigner(rsa);
			}
			else if (key instanceof ECKey ec) {
				algorithm = JWSAlgorithm.ES256;
				signer = new ECDSASigner(ec);
			}
			else {
				throw new IllegalArgumentException("unsupported key " + key);
			}
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

	public static String signHmac(byte[] secret, JWSAlgorithm algorithm, JWTClaimsSet claims, String kid) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Assemble a compact token from raw header and claims JSON and a signature part, for
	 * tokens no library would produce.
	 * @param headerJson the header JSON
	 * @param claims the claims
	 * @param signature the third part, already base64url
	 * @return the token
	 */
	public static String raw(String headerJson, JWTClaimsSet claims, String signature) {
		return b64(headerJson) + "." + b64(claims.toString()) + "." + signature;
	}

	public static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	public static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static Map<String, Object> header(String token) {
		try {
			return SignedJWT.parse(token).getHeader().toJSONObject();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
