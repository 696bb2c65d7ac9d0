package dev.apisec.jwt;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.apisec.test.Http;
import dev.apisec.test.JwksServer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens over real HTTP against a real JWKS and discovery server: what is
 * accepted, and every way a token is refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JwtValidationHttpTests {

	static final String AUDIENCE = "retail-api";

	@RegisterExtension
	static final TestIssuer hmacIssuer = TestIssuer.hmac("https://hmac.example", "an-hmac-secret-of-at-least-32-bytes!",
			AUDIENCE);

	static final String FLOOD_ISSUER = "https://flood.example";

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("rsa-1", AUDIENCE);

	static final JwksServer floodIdp = new JwksServer();

	static final RSAKey rsa = idp.key();

	static final ECKey ec = Tokens.ecKey("ec-1");

	static final RSAKey floodKey = Tokens.rsaKey("flood-1");

	static final KeyPair ed25519 = generate("Ed25519");

	static final KeyPair pemKey = generate("RSA");

	static final String PEM_ISSUER = "https://static-key.example";

	static Path pemFile;

	static {
		try {
			byte[] x509 = ed25519.getPublic().getEncoded();
			OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519,
					Base64URL.encode(Arrays.copyOfRange(x509, x509.length - 32, x509.length)))
				.keyID("ed-1")
				.build();
			idp.server().publish(rsa.toPublicJWK(), ec.toPublicJWK(), okp);
			floodIdp.publish(floodKey.toPublicJWK());
			pemFile = Files.createTempFile("issuer", ".pub");
			pemFile.toFile().deleteOnExit();
			Files.writeString(pemFile,
					"-----BEGIN PUBLIC KEY-----\n"
							+ java.util.Base64.getMimeEncoder().encodeToString(pemKey.getPublic().getEncoded())
							+ "\n-----END PUBLIC KEY-----\n");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generate(String algorithm) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (algorithm.equals("RSA")) {
				generator.initialize(2048);
			}
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		idp.addDiscoveryProperties(registry, 0);
		registry.add("apisec.jwt.issuers[0].algorithms", () -> "RS256,ES256,PS256,EdDSA");
		hmacIssuer.addProperties(registry, 1);
		TestProperties.add(registry, "apisec.jwt.issuers[2]", "issuer-uri=" + FLOOD_ISSUER,
				"jwk-set-uri=" + floodIdp.jwkSetUri(), "audiences[0]=" + AUDIENCE);
		TestProperties.add(registry, "apisec.jwt.issuers[3]", "issuer-uri=" + PEM_ISSUER,
				"public-key-location=file:" + pemFile, "audiences[0]=" + AUDIENCE);
		registry.add("apisec.jwt.max-token-lifetime", () -> "2h");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/public/**", "access=public");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "paths=/api/me", "access=authenticated");
	}

	@AfterAll
	static void stopFloodServer() {
		floodIdp.close();
	}

	private final Http http;

	@Autowired
	TrustedIssuers issuers;

	JwtValidationHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private JWTClaimsSet.Builder claims() {
		return idp.claims("alice");
	}

	private HttpResponse<String> me(String token) {
		return this.http.get("/api/me", token);
	}

	private void assertRejected(String token, JwtFailureReason reason) {
		HttpResponse<String> response = me(token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		assertThat(response.body()).contains("\"type\":\"urn:apisec:problem:invalid-token\"")
			.contains("\"status\":401")
			.contains(reason.description())
			.doesNotContain(token)
			.doesNotContain("Exception")
			.doesNotContain("nimbus");
	}

	@Test
	void validRs256TokenIsAccepted() {
		HttpResponse<String> response = me(Tokens.sign(rsa, claims().build()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"alice\"");
	}

	@Test
	void validEs256TokenIsAccepted() {
		HttpResponse<String> response = me(Tokens.sign(ec, claims().subject("bob").build()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"bob\"");
	}

	@Test
	void validPs256TokenIsAccepted() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(),
				claims().build());
		jwt.sign(new RSASSASigner(rsa));
		assertThat(me(jwt.serialize()).statusCode()).isEqualTo(200);
	}

	@Test
	void validEdDsaTokenIsAccepted() throws Exception {
		String signingInput = Tokens.b64("{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}") + "."
				+ Tokens.b64(claims().subject("dora").build().toString());
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(ed25519.getPrivate());
		signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		HttpResponse<String> response = me(signingInput + "." + Tokens.b64(signer.sign()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"dora\"");
	}

	@Test
	void signatureWithAZeroByteAppendedIsRejectedForEveryAlgorithm() throws Exception {
		// JDK 17's EdDSA verifier ignores trailing zeros (JDK-8285389): the length is the
		// starter's to check, for every algorithm.
		String signingInput = Tokens.b64("{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}") + "."
				+ Tokens.b64(claims().build().toString());
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(ed25519.getPrivate());
		signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		String edDsa = signingInput + "." + Tokens.b64(signer.sign());
		String hmac = hmacIssuer.sign(hmacIssuer.claims("carol").build());
		List<String> tokens = List.of(edDsa, Tokens.sign(rsa, claims().build()), Tokens.sign(ec, claims().build()),
				hmac);
		for (String token : tokens) {
			assertThat(me(token).statusCode()).isEqualTo(200);
			String[] parts = token.split("\\.");
			byte[] signature = java.util.Base64.getUrlDecoder().decode(parts[2]);
			byte[] appended = Arrays.copyOf(signature, signature.length + 1);
			assertRejected(parts[0] + "." + parts[1] + "." + Tokens.b64(appended), JwtFailureReason.BAD_SIGNATURE);
		}
	}

	@Test
	void validTokenOfStaticPemKeyIssuerIsAccepted() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
				Tokens.claims(PEM_ISSUER, AUDIENCE, "erin").build());
		jwt.sign(new RSASSASigner(pemKey.getPrivate()));
		assertThat(me(jwt.serialize()).statusCode()).isEqualTo(200);
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
				Tokens.claims(PEM_ISSUER, AUDIENCE, "erin").build());
		forged.sign(new RSASSASigner(rsa));
		assertRejected(forged.serialize(), JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void ecdsaSignatureOfZerosIsRejected() {
		String[] parts = Tokens.sign(ec, claims().build()).split("\\.");
		assertRejected(parts[0] + "." + parts[1] + "." + Tokens.b64(new byte[64]), JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void validHs256TokenOfHmacIssuerIsAccepted() {
		String token = hmacIssuer.sign(hmacIssuer.claims("carol").build());
		HttpResponse<String> response = me(token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"carol\"");
	}

	@Test
	void tokenWithAtJwtTypeIsAccepted() {
		String token = Tokens.sign(rsa, claims().build(), (header) -> header.type(new JOSEObjectType("at+jwt")));
		assertThat(me(token).statusCode()).isEqualTo(200);
	}

	@Test
	void reusedTokenIsAcceptedEveryTime() {
		String token = Tokens.sign(rsa, claims().build());
		for (int i = 0; i < 5; i++) {
			assertThat(me(token).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void requestWithoutTokenGets401WithPlainBearerChallenge() {
		HttpResponse<String> response = me(null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:unauthorized");
	}

	@Test
	void publicPathNeedsNoToken() {
		assertThat(this.http.get("/api/public/hello", null).statusCode()).isEqualTo(200);
	}

	@Test
	void expiredTokenIsRejected() {
		Instant past = Instant.now().minusSeconds(3600);
		assertRejected(
				Tokens.sign(rsa,
						claims().issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build()),
				JwtFailureReason.EXPIRED);
	}

	@Test
	void tokenExpiredWithinClockSkewIsAccepted() {
		Instant now = Instant.now();
		String token = Tokens.sign(rsa,
				claims().issueTime(Date.from(now.minusSeconds(600)))
					.expirationTime(Date.from(now.minusSeconds(5)))
					.build());
		assertThat(me(token).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWithoutExpiryIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().expirationTime(null).build()), JwtFailureReason.MISSING_EXPIRY);
	}

	@Test
	void tokenNotYetValidIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()),
				JwtFailureReason.NOT_YET_VALID);
	}

	@Test
	void tokenIssuedInTheFutureIsRejected() {
		Instant future = Instant.now().plusSeconds(600);
		assertRejected(Tokens.sign(rsa,
				claims().issueTime(Date.from(future)).expirationTime(Date.from(future.plusSeconds(600))).build()),
				JwtFailureReason.ISSUED_IN_FUTURE);
	}

	@Test
	void tokenLivingLongerThanMaxLifetimeIsRejected() {
		Instant now = Instant.now();
		assertRejected(
				Tokens.sign(rsa,
						claims().issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(86_400))).build()),
				JwtFailureReason.LIFETIME_TOO_LONG);
	}

	@Test
	void tokenWithoutIssuedAtIsRejectedWhenMaxLifetimeIsSet() {
		assertRejected(Tokens.sign(rsa, claims().issueTime(null).build()), JwtFailureReason.LIFETIME_TOO_LONG);
	}

	@Test
	void tokenForAnotherAudienceIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().audience("billing-api").build()), JwtFailureReason.WRONG_AUDIENCE);
	}

	@Test
	void tokenWithoutAudienceIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().audience((String) null).build()), JwtFailureReason.WRONG_AUDIENCE);
	}

	@Test
	void tokenOfUnknownIssuerIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().issuer("https://evil.example").build()),
				JwtFailureReason.UNKNOWN_ISSUER);
	}

	@Test
	void issuerMustMatchExactly() {
		assertRejected(Tokens.sign(rsa, claims().issuer(idp.issuer() + "/").build()), JwtFailureReason.UNKNOWN_ISSUER);
	}

	@Test
	void tokenWithoutSubjectIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().subject(null).build()), JwtFailureReason.MISSING_PRINCIPAL);
	}

	@Test
	void tokenSignedByAnotherKeyWithKnownKidIsRejected() {
		RSAKey impostor = Tokens.rsaKey(rsa.getKeyID());
		assertRejected(Tokens.sign(impostor, claims().build()), JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void tamperedPayloadIsRejected() {
		String[] parts = Tokens.sign(rsa, claims().build()).split("\\.");
		String forged = Tokens.b64(claims().subject("admin").build().toString());
		assertRejected(parts[0] + "." + forged + "." + parts[2], JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void strippedSignatureIsRejected() {
		String token = Tokens.sign(rsa, claims().build());
		assertRejected(token.substring(0, token.lastIndexOf('.') + 1), JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void unsignedTokenWithAlgNoneIsRejected() {
		assertRejected(Tokens.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims().build(), ""),
				JwtFailureReason.DISALLOWED_ALGORITHM);
	}

	@Test
	void unsignedTokenWithCaseVariantsOfNoneIsRejected() {
		for (String none : new String[] { "None", "NONE", "nOnE" }) {
			assertRejected(Tokens.raw("{\"alg\":\"" + none + "\"}", claims().build(), ""),
					JwtFailureReason.DISALLOWED_ALGORITHM);
		}
	}

	@Test
	void algorithmNotAllowedForIssuerIsRejected() {
		String[] parts = Tokens.sign(rsa, claims().build()).split("\\.");
		String header = Tokens.b64("{\"alg\":\"RS384\",\"kid\":\"rsa-1\"}");
		assertRejected(header + "." + parts[1] + "." + parts[2], JwtFailureReason.DISALLOWED_ALGORITHM);
	}

	@Test
	void hmacTokenSignedWithTheRsaPublicKeyIsRejected() throws Exception {
		// The classic RS/HS confusion: the public key used as an HMAC secret.
		byte[] publicKey = rsa.toRSAPublicKey().getEncoded();
		String token = Tokens.signHmac(publicKey, JWSAlgorithm.HS256, claims().build(), rsa.getKeyID());
		assertRejected(token, JwtFailureReason.DISALLOWED_ALGORITHM);
	}

	@Test
	void unsupportedTypeIsRejected() {
		assertRejected(Tokens.sign(rsa, claims().build(), (header) -> header.type(new JOSEObjectType("JWE"))),
				JwtFailureReason.UNSUPPORTED_TYPE);
	}

	@Test
	void unknownCriticalHeaderIsRejected() {
		assertRejected(
				Tokens.sign(rsa, claims().build(),
						(header) -> header.criticalParams(Set.of("urn:example:ext")).customParam("urn:example:ext", 1)),
				JwtFailureReason.UNSUPPORTED_CRITICAL_HEADER);
	}

	@Test
	void keyInJwkHeaderIsNeverTrusted() {
		RSAKey attacker = Tokens.rsaKey("attacker");
		assertRejected(Tokens.sign(attacker, claims().build(), (header) -> header.jwk(attacker.toPublicJWK())),
				JwtFailureReason.UNKNOWN_KEY);
	}

	@Test
	void keyUrlsInJkuAndX5uHeadersAreNeverFetched() {
		RSAKey attacker = Tokens.rsaKey("attacker-jku");
		JwksServer attackerServer = new JwksServer();
		try {
			attackerServer.publish(attacker.toPublicJWK());
			assertRejected(
					Tokens
						.sign(attacker, claims().build(),
								(header) -> header.jwkURL(URI.create(attackerServer.jwkSetUri()))
									.x509CertURL(URI.create(attackerServer.jwkSetUri()))),
					JwtFailureReason.UNKNOWN_KEY);
			assertThat(attackerServer.jwksHits()).isZero();
		}
		finally {
			attackerServer.close();
		}
	}

	@Test
	void certificateChainInX5cHeaderIsNeverTrusted() {
		RSAKey attacker = Tokens.rsaKey(null);
		String forged = Tokens.sign(attacker, claims().build(),
				(header) -> header.x509CertChain(List.of(Base64.encode("not a certificate"))));
		assertRejected(forged, JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void encryptedTokenIsRejectedWithoutKeyWork() {
		String jwe = Tokens.b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
		assertRejected(jwe, JwtFailureReason.ENCRYPTED);
	}

	@Test
	void garbageTokensAreRejected() {
		assertRejected("not-a-token", JwtFailureReason.MALFORMED);
		assertRejected("a.b.c", JwtFailureReason.MALFORMED);
		assertRejected(Tokens.b64("{\"alg\":\"RS256\"") + "." + Tokens.b64("{}") + ".AAAA", JwtFailureReason.MALFORMED);
	}

	@Test
	void duplicateClaimsAreRejected() {
		String payload = "{\"iss\":\"" + idp.issuer() + "\",\"sub\":\"alice\",\"sub\":\"admin\"}";
		String token = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}") + "." + Tokens.b64(payload) + ".AAAA";
		assertRejected(token, JwtFailureReason.MALFORMED);
	}

	@Test
	void deeplyNestedClaimsAreRejectedWithout500() {
		String nested = "[".repeat(1000) + "]".repeat(1000);
		String payload = "{\"iss\":\"" + idp.issuer() + "\",\"x\":" + nested + "}";
		String token = Tokens.b64("{\"alg\":\"RS256\"}") + "." + Tokens.b64(payload) + ".AAAA";
		assertRejected(token, JwtFailureReason.MALFORMED);
	}

	@Test
	void malformedAuthorizationHeaderGets401() {
		HttpResponse<String> response = this.http
			.send(this.http.request("/api/me").header("Authorization", "Bearer a b c").build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void tokenInQueryStringIsNeverAccepted() {
		String token = Tokens.sign(rsa, claims().build());
		HttpResponse<String> response = this.http.get("/api/me?access_token=" + token, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain(token);
	}

	@Test
	void hmacIssuerRefusesTokensSignedWithAnotherSecret() {
		byte[] other = "another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8);
		assertRejected(Tokens.signHmac(other, JWSAlgorithm.HS256, hmacIssuer.claims("x").build(), null),
				JwtFailureReason.BAD_SIGNATURE);
	}

	@Test
	void floodOfUnknownKeyIdsReachesTheProviderNoMoreThanTheRefetchBurstAndIsNeverTold401Unchecked() {
		JWTClaimsSet floodClaims = Tokens.claims(FLOOD_ISSUER, AUDIENCE, "mallory").build();
		assertThat(me(Tokens.sign(floodKey, floodClaims)).statusCode()).isEqualTo(200);
		int before = floodIdp.jwksHits();
		int unchecked = 0;
		for (int i = 0; i < 100; i++) {
			RSAKey madeUp = new RSAKey.Builder(floodKey).keyID(UUID.randomUUID().toString()).build();
			HttpResponse<String> response = me(Tokens.sign(madeUp, floodClaims));
			// 401 only once a fetch showed the key is not the issuer's; otherwise 503,
			// retry later.
			assertThat(response.statusCode()).isIn(401, 503);
			if (response.statusCode() == 503) {
				unchecked++;
				assertThat(response.body()).contains("urn:apisec:problem:keys-unavailable");
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
			}
			else {
				assertThat(response.body()).contains(JwtFailureReason.UNKNOWN_KEY.description());
			}
		}
		// apisec.jwt.jwks.unknown-key-refetch-burst (3), then one per
		// min-refetch-interval (30 s).
		assertThat(floodIdp.jwksHits() - before).isLessThanOrEqualTo(3);
		assertThat(unchecked).isGreaterThanOrEqualTo(97);
		assertThat(me(Tokens.sign(floodKey, floodClaims)).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownKeyIdOfATokenIssuedBeforeTheLastFetchIs401WithoutAFetch() {
		assertThat(me(Tokens.sign(floodKey, Tokens.claims(FLOOD_ISSUER, AUDIENCE, "mallory").build())).statusCode())
			.isEqualTo(200);
		int before = floodIdp.jwksHits();
		Instant issued = Instant.now().minus(Duration.ofMinutes(10));
		JWTClaimsSet old = Tokens.claims(FLOOD_ISSUER, AUDIENCE, "mallory")
			.issueTime(Date.from(issued))
			.expirationTime(Date.from(issued.plus(Duration.ofHours(1))))
			.build();
		for (int i = 0; i < 10; i++) {
			RSAKey retired = new RSAKey.Builder(floodKey).keyID("retired-" + i).build();
			HttpResponse<String> response = me(Tokens.sign(retired, old));
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).contains(JwtFailureReason.UNKNOWN_KEY.description());
		}
		assertThat(floodIdp.jwksHits()).isEqualTo(before);
	}

	@Test
	void identityProviderIsNotCalledForValidTokensOnceKeysAreKnown() {
		assertThat(me(Tokens.sign(rsa, claims().build())).statusCode()).isEqualTo(200);
		int jwks = idp.server().jwksHits();
		int discovery = idp.server().discoveryHits();
		for (int i = 0; i < 20; i++) {
			assertThat(me(Tokens.sign(rsa, claims().build())).statusCode()).isEqualTo(200);
		}
		assertThat(idp.server().jwksHits()).isEqualTo(jwks);
		assertThat(idp.server().discoveryHits()).isEqualTo(discovery);
	}

	@Test
	void keysWereFoundByDiscovery() {
		assertThat(me(Tokens.sign(rsa, claims().build())).statusCode()).isEqualTo(200);
		assertThat(idp.server().discoveryHits()).isGreaterThanOrEqualTo(1);
		KeyStatus status = this.issuers.get(idp.issuer()).getKeyStatus();
		assertThat(status.keyIds()).containsExactlyInAnyOrder("rsa-1", "ec-1", "ed-1");
		assertThat(status.source()).isEqualTo(idp.server().jwkSetUri());
	}

}
