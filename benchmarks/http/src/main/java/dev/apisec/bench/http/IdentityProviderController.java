package dev.apisec.bench.http;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in identity provider: an RSA key generated at startup, its JWK Set, a token for
 * the benchmark caller (scope {@code bench}, audience {@code bench}, one hour), and the number
 * of JWK Set requests served, so that the run can show whether the API called its IdP while
 * under load.
 */
@RestController
@Profile("idp")
class IdentityProviderController {

	private final RSAKey key;

	private final String issuer;

	private final AtomicLong jwksRequests = new AtomicLong();

	IdentityProviderController(@Value("${bench.issuer}") String issuer) throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		this.key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID("bench-key")
			.build();
		this.issuer = issuer;
	}

	@GetMapping("/jwks")
	Map<String, Object> jwks() {
		this.jwksRequests.incrementAndGet();
		return new JWKSet(this.key.toPublicJWK()).toJSONObject();
	}

	@GetMapping("/token")
	String token() throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject("bench-user")
			.audience(List.of("bench"))
			.claim("scope", "bench")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
				claims);
		jwt.sign(new RSASSASigner(this.key));
		return jwt.serialize();
	}

	@GetMapping("/stats")
	Map<String, Long> stats() {
		return Map.of("jwksRequests", this.jwksRequests.get());
	}

}
