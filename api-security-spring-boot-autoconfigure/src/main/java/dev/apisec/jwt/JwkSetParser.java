package dev.apisec.jwt;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Converts a JSON Web Key Set into {@link VerificationKey verification keys}, once per
 * fetch. Keys that cannot verify signatures (encryption keys, symmetric keys, short RSA
 * keys, unknown curves) are skipped with a log line, never trusted.
 */
final class JwkSetParser {

	private static final Log logger = LogFactory.getLog(JwkSetParser.class);

	private JwkSetParser() {
	}

	static List<VerificationKey> parse(String json, String source) throws ParseException {
		JWKSet set = JWKSet.parse(json);
		List<VerificationKey> keys = new ArrayList<>();
		for (JWK jwk : set.getKeys()) {
			try {
				VerificationKey key = convert(jwk);
				if (key != null) {
					keys.add(key);
				}
			}
			catch (Exception ex) {
				logger.warn("Skipping JWK '" + jwk.getKeyID() + "' from " + source + ": " + ex.getMessage());
			}
		}
		return keys;
	}

	private static VerificationKey convert(JWK jwk) throws Exception {
		if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
			return null;
		}
		if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
			return null;
		}
		JwsAlgorithm restrictedTo = null;
		if (jwk.getAlgorithm() != null) {
			restrictedTo = JwsAlgorithm.forName(jwk.getAlgorithm().getName());
			if (restrictedTo == null) {
				return null;
			}
		}
		PublicKey publicKey;
		if (jwk instanceof RSAKey rsa) {
			publicKey = rsa.toRSAPublicKey();
		}
		else if (jwk instanceof ECKey ec) {
			publicKey = ec.toECPublicKey();
		}
		else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
			publicKey = ed25519(okp.getX().decode());
		}
		else {
			return null;
		}
		return VerificationKey.of(jwk.getKeyID(), publicKey, restrictedTo);
	}

	/**
	 * Build an Ed25519 public key from its RFC 8032 encoding: little-endian y with the x
	 * parity in the top bit of the last byte.
	 */
	static PublicKey ed25519(byte[] encoded) throws Exception {
		if (encoded.length != 32) {
			throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
		}
		byte[] reversed = new byte[32];
		for (int i = 0; i < 32; i++) {
			reversed[i] = encoded[31 - i];
		}
		boolean xOdd = (reversed[0] & 0x80) != 0;
		reversed[0] &= 0x7F;
		EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, reversed));
		return KeyFactory.getInstance("Ed25519")
			.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
	}

}
