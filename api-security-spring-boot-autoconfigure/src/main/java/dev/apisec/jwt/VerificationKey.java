package dev.apisec.jwt;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.apisec.jwt.JwsAlgorithm.KeyFamily;

/**
 * A key converted once into its JCA form, ready to verify signatures. Instances are
 * immutable and shared by all requests; the key id and the optional "alg" restriction
 * come from the JWK.
 */
final class VerificationKey {

	static final int MIN_RSA_BITS = 2048;

	private final String keyId;

	private final KeyFamily family;

	private final JwsAlgorithm restrictedTo;

	private final Key key;

	private final int ecCoordinateBytes;

	private final BigInteger ecOrder;

	private final int rsaModulusBytes;

	private VerificationKey(String keyId, KeyFamily family, JwsAlgorithm restrictedTo, Key key) {
		this.keyId = keyId;
		this.family = family;
		this.restrictedTo = restrictedTo;
		this.key = key;
		if (key instanceof ECPublicKey ecKey) {
			ECParameterSpec params = ecKey.getParams();
			this.ecOrder = params.getOrder();
			this.ecCoordinateBytes = (params.getCurve().getField().getFieldSize() + 7) / 8;
		}
		else {
			this.ecOrder = null;
			this.ecCoordinateBytes = 0;
		}
		this.rsaModulusBytes = (key instanceof RSAPublicKey rsa) ? (rsa.getModulus().bitLength() + 7) / 8 : 0;
	}

	static VerificationKey of(String keyId, PublicKey key, JwsAlgorithm restrictedTo) {
		KeyFamily family = switch (key.getAlgorithm()) {
			case "RSA" -> KeyFamily.RSA;
			case "EC" -> KeyFamily.EC;
			case "Ed25519", "EdDSA" -> KeyFamily.OKP;
			default -> throw new IllegalArgumentException("Unsupported key type " + key.getAlgorithm());
		};
		if (family == KeyFamily.OKP && !(key instanceof EdECPublicKey edKey
				&& NamedParameterSpec.ED25519.getName().equalsIgnoreCase(edKey.getParams().getName()))) {
			// EdDSA here means Ed25519 (its signatures are 64 bytes); Ed448 is not
			// supported.
			throw new IllegalArgumentException("Unsupported EdDSA curve");
		}
		if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
			throw new IllegalArgumentException(
					"RSA key of " + rsa.getModulus().bitLength() + " bits is shorter than " + MIN_RSA_BITS);
		}
		return new VerificationKey(keyId, family, restrictedTo, key);
	}

	static VerificationKey hmac(SecretKey secret) {
		return new VerificationKey(null, KeyFamily.HMAC, null, secret);
	}

	String keyId() {
		return this.keyId;
	}

	/**
	 * Whether the other key is the same key material under the same id and restriction,
	 * so that a refresh which changes nothing keeps key identities (and cached
	 * validations).
	 * @param other another key
	 * @return whether both are the same key
	 */
	boolean sameKeyAs(VerificationKey other) {
		return Objects.equals(this.keyId, other.keyId) && this.family == other.family
				&& this.restrictedTo == other.restrictedTo
				&& Arrays.equals(this.key.getEncoded(), other.key.getEncoded());
	}

	/**
	 * Whether this key may verify a signature made with the given algorithm: same key
	 * family, the JWK's own "alg" if it has one, and for ECDSA the algorithm's curve.
	 * @param algorithm the token's algorithm
	 * @return whether the key fits
	 */
	boolean fits(JwsAlgorithm algorithm) {
		if (algorithm.family() != this.family) {
			return false;
		}
		if (this.restrictedTo != null && this.restrictedTo != algorithm) {
			return false;
		}
		return this.family != KeyFamily.EC || this.ecCoordinateBytes == algorithm.size();
	}

	/**
	 * Verify a JWS signature.
	 * @param algorithm the algorithm, already checked with {@link #fits}
	 * @param signingInput the ASCII bytes of "header.payload"
	 * @param signature the decoded signature
	 * @return whether the signature is valid
	 */
	boolean verify(JwsAlgorithm algorithm, byte[] signingInput, byte[] signature) {
		if (signature.length != signatureLength(algorithm)) {
			// Checked here, not left to the JCA: JDK 17's EdDSA verifier ignores trailing
			// zero bytes (JDK-8285389), so a signature with garbage appended would
			// verify.
			return false;
		}
		try {
			return switch (this.family) {
				case HMAC -> verifyMac(algorithm, signingInput, signature);
				case EC -> validEcdsaShape(signature) && verifySignature(algorithm, signingInput, signature);
				default -> verifySignature(algorithm, signingInput, signature);
			};
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Return the exact length of a signature of this key with the given algorithm: the
	 * modulus length for RSA, r and s at the curve's size for ECDSA, 64 bytes for
	 * Ed25519, the full digest for HMAC (JWS never truncates a MAC).
	 */
	private int signatureLength(JwsAlgorithm algorithm) {
		return (this.family == KeyFamily.RSA) ? this.rsaModulusBytes : algorithm.signatureLength();
	}

	private boolean verifyMac(JwsAlgorithm algorithm, byte[] signingInput, byte[] signature)
			throws GeneralSecurityException {
		Mac mac = Mac.getInstance(algorithm.jcaName());
		mac.init(new SecretKeySpec(this.key.getEncoded(), algorithm.jcaName()));
		return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
	}

	private boolean verifySignature(JwsAlgorithm algorithm, byte[] signingInput, byte[] signature)
			throws GeneralSecurityException {
		Signature verifier = Signature.getInstance(algorithm.jcaName());
		if (algorithm.parameters() != null) {
			verifier.setParameter(algorithm.parameters());
		}
		verifier.initVerify((PublicKey) this.key);
		verifier.update(signingInput);
		return verifier.verify(signature);
	}

	/**
	 * Refuse ECDSA signatures with r or s outside [1, n-1], whatever the JDK does
	 * (CVE-2022-21449 accepted r = s = 0). The length was checked by the caller.
	 */
	private boolean validEcdsaShape(byte[] signature) {
		int half = this.ecCoordinateBytes;
		BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
		BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, 2 * half));
		return r.signum() > 0 && s.signum() > 0 && r.compareTo(this.ecOrder) < 0 && s.compareTo(this.ecOrder) < 0;
	}

}
