package dev.apisec.jwt;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * The JWS signature algorithms the starter verifies, with the JCA names behind them.
 * "none" is deliberately absent: it cannot be named, configured or accepted.
 */
enum JwsAlgorithm {

	RS256(KeyFamily.RSA, "SHA256withRSA", null, 0, 0), RS384(KeyFamily.RSA, "SHA384withRSA", null, 0, 0),
	RS512(KeyFamily.RSA, "SHA512withRSA", null, 0, 0),
	PS256(KeyFamily.RSA, "RSASSA-PSS", pss("SHA-256", MGF1ParameterSpec.SHA256, 32), 0, 0),
	PS384(KeyFamily.RSA, "RSASSA-PSS", pss("SHA-384", MGF1ParameterSpec.SHA384, 48), 0, 0),
	PS512(KeyFamily.RSA, "RSASSA-PSS", pss("SHA-512", MGF1ParameterSpec.SHA512, 64), 0, 0),
	ES256(KeyFamily.EC, "SHA256withECDSAinP1363Format", null, 32, 64),
	ES384(KeyFamily.EC, "SHA384withECDSAinP1363Format", null, 48, 96),
	ES512(KeyFamily.EC, "SHA512withECDSAinP1363Format", null, 66, 132), EdDSA(KeyFamily.OKP, "Ed25519", null, 0, 64),
	HS256(KeyFamily.HMAC, "HmacSHA256", null, 32, 32), HS384(KeyFamily.HMAC, "HmacSHA384", null, 48, 48),
	HS512(KeyFamily.HMAC, "HmacSHA512", null, 64, 64);

	private final KeyFamily family;

	private final String jcaName;

	private final AlgorithmParameterSpec parameters;

	private final int size;

	private final int signatureLength;

	JwsAlgorithm(KeyFamily family, String jcaName, AlgorithmParameterSpec parameters, int size, int signatureLength) {
		this.family = family;
		this.jcaName = jcaName;
		this.parameters = parameters;
		this.size = size;
		this.signatureLength = signatureLength;
	}

	KeyFamily family() {
		return this.family;
	}

	String jcaName() {
		return this.jcaName;
	}

	AlgorithmParameterSpec parameters() {
		return this.parameters;
	}

	/**
	 * Return the ECDSA coordinate length in bytes, or the minimum HMAC secret length.
	 * @return the size in bytes, 0 for RSA and EdDSA
	 */
	int size() {
		return this.size;
	}

	/**
	 * Return the exact length in bytes of every signature of this algorithm: r and s for
	 * ECDSA (RFC 7518, 3.4), 64 for Ed25519 (RFC 8037), the untruncated MAC for HMAC.
	 * @return the length, 0 for RSA, whose signatures are as long as the key's modulus
	 */
	int signatureLength() {
		return this.signatureLength;
	}

	/**
	 * Return the algorithm with exactly this JWS name (names are case-sensitive), or
	 * {@code null}.
	 * @param name the "alg" header value
	 * @return the algorithm or {@code null}
	 */
	static JwsAlgorithm forName(String name) {
		if (name == null) {
			return null;
		}
		for (JwsAlgorithm algorithm : values()) {
			if (algorithm.name().equals(name)) {
				return algorithm;
			}
		}
		return null;
	}

	static boolean isNone(String name) {
		return name != null && name.trim().toLowerCase(Locale.ROOT).equals("none");
	}

	private static PSSParameterSpec pss(String digest, MGF1ParameterSpec mgf, int saltLength) {
		return new PSSParameterSpec(digest, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
	}

	/**
	 * Kinds of key, so that a key of one kind is never used for an algorithm of another
	 * (the RSA-public-key-as-HMAC-secret confusion).
	 */
	enum KeyFamily {

		RSA, EC, OKP, HMAC

	}

}
