package dev.apisec.sample.retail.attack;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on bearer tokens, each sent to {@code GET /api/users/me} (any authenticated
 * caller): unsigned and {@code none} tokens, RS/HS key confusion with the issuer's public
 * key, stripped and tampered signatures, {@code kid} injection, keys offered by the token
 * itself ({@code jwk}, {@code jku}, {@code x5u}), ECDSA zero signatures, every claim
 * check (expiry, not-before, issued-at, lifetime, issuer, audience, subject),
 * {@code crit}, JWE, huge and deeply nested tokens, and a flood of unknown key ids. Each
 * refusal is a 401 problem naming the reason in a fixed sentence, never the token (or,
 * for a fresh token whose key cannot be checked yet, a 503 keys-unavailable problem).
 */
class JwtAttackTests extends AttackSuite {

	static Stream<Arguments> forgedTokens() {
		return Stream.of(
				attack("unsigned token, alg none", "signature algorithm is not accepted",
						() -> Forge.raw("{\"alg\":\"none\",\"typ\":\"JWT\"}", adminClaims().toString(), "")),
				attack("alg None (case variant)", "signature algorithm is not accepted",
						() -> Forge.raw("{\"alg\":\"None\"}", adminClaims().toString(), "")),
				attack("alg NONE (case variant)", "signature algorithm is not accepted",
						() -> Forge.raw("{\"alg\":\"NONE\"}", adminClaims().toString(), "")),
				attack("alg nOnE with a signature part", "signature algorithm is not accepted",
						() -> Forge.raw("{\"alg\":\"nOnE\"}", adminClaims().toString(), Forge.b64("x"))),
				attack("alice's real token re-headed with alg none", "signature algorithm is not accepted",
						() -> Forge.withPart(Forge.withPart(alice(), 0, Forge.b64("{\"alg\":\"none\"}")), 2, "")),
				attack("HS256 signed with the issuer's RSA public key (X.509 DER)",
						"signature algorithm is not accepted",
						() -> Forge.hs256(publicKeyDer(), issuerPublicKey().getKeyID(), adminClaims())),
				attack("HS256 signed with the issuer's RSA public key (PEM text)",
						"signature algorithm is not accepted",
						() -> Forge.hs256(publicKeyPem(), issuerPublicKey().getKeyID(), adminClaims())),
				attack("HS256 signed with the issuer's JWK JSON", "signature algorithm is not accepted",
						() -> Forge.hs256(issuerPublicKey().toJSONString().getBytes(StandardCharsets.UTF_8),
								issuerPublicKey().getKeyID(), adminClaims())),
				attack("HS256 with the partner's public key, partner issuer", "signature algorithm is not accepted",
						() -> Forge.hs256(der(external.partnerRsa()), "partner-rsa",
								Forge.claims(PARTNER_ISSUER, "mallory", "ADMIN").build())),
				attack("signature stripped (header.payload.)", "signature is invalid",
						() -> Forge.withPart(alice(), 2, "")),
				attack("signature part missing (header.payload)", "malformed",
						() -> alice().substring(0, alice().lastIndexOf('.'))),
				attack("payload tampered to roles ADMIN, signature kept", "signature is invalid",
						() -> Forge.withPart(alice(), 1,
								Forge.b64(Forge.decode(alice().split("\\.")[1]).replace("\"USER\"", "\"ADMIN\"")))),
				attack("signature with one bit flipped", "signature is invalid", JwtAttackTests::flippedSignature),
				attack("bob's signature on alice's header and payload", "signature is invalid",
						() -> Forge.withPart(alice(), 2, bob().split("\\.")[2])),
				attack("kid path traversal, attacker key", "signed with an unknown key",
						() -> Forge.sign(Forge.ATTACKER_KEY, issuedBeforeKeysWereFetched(),
								(h) -> h.keyID("../../../../dev/null"))),
				attack("kid SQL injection, attacker key", "signed with an unknown key",
						() -> Forge.sign(Forge.ATTACKER_KEY, issuedBeforeKeysWereFetched(),
								(h) -> h.keyID("x' OR '1'='1"))),
				attack("kid as the attacker's JWKS URL", "signed with an unknown key",
						() -> Forge.sign(Forge.ATTACKER_KEY, issuedBeforeKeysWereFetched(),
								(h) -> h.keyID(external.evil("kid").toString()))),
				attack("kid a number, not a string", "malformed",
						() -> Forge.raw("{\"alg\":\"RS256\",\"kid\":42}", adminClaims().toString(), Forge.b64("sig"))),
				attack("the issuer's real kid, attacker key", "signature is invalid",
						() -> Forge.sign(Forge.ATTACKER_KEY, adminClaims(),
								(h) -> h.keyID(issuerPublicKey().getKeyID()))),
				attack("attacker key embedded in a jwk header", "signature is invalid",
						() -> Forge.sign(Forge.ATTACKER_KEY, adminClaims(),
								(h) -> h.keyID(issuerPublicKey().getKeyID()).jwk(Forge.ATTACKER_KEY.toPublicJWK()))),
				attack("jku header pointing at the attacker's JWK Set", "signature is invalid",
						() -> Forge.sign(Forge.ATTACKER_KEY, adminClaims(),
								(h) -> h.keyID(issuerPublicKey().getKeyID()).jwkURL(external.evil("jwks.json")))),
				attack("x5u header pointing at the attacker's certificate", "signature is invalid",
						() -> Forge.sign(Forge.ATTACKER_KEY, adminClaims(),
								(h) -> h.keyID(issuerPublicKey().getKeyID()).x509CertURL(external.evil("cert.pem")))),
				attack("ES256 with r = s = 0, demo issuer (RS256 only)", "signature algorithm is not accepted",
						() -> Forge.raw("{\"alg\":\"ES256\",\"kid\":\"" + issuerPublicKey().getKeyID() + "\"}",
								adminClaims().toString(), Forge.b64(new byte[64]))),
				attack("ES256 with r = s = 0, the partner's EC key", "signature is invalid",
						() -> Forge.raw("{\"alg\":\"ES256\",\"kid\":\"partner-ec\"}",
								Forge.claims(PARTNER_ISSUER, "mallory", "ADMIN").build().toString(),
								Forge.b64(new byte[64]))),
				attack("ES256 with a DER-encoded zero signature, the partner's EC key", "signature is invalid",
						() -> Forge.raw("{\"alg\":\"ES256\",\"kid\":\"partner-ec\"}",
								Forge.claims(PARTNER_ISSUER, "mallory", "ADMIN").build().toString(),
								Forge.b64(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00 }))),
				attack("partner-signed token claiming the demo issuer", "signed with an unknown key",
						() -> Forge.sign(external.partnerRsa(), issuedBeforeKeysWereFetched())),
				attack("expired ten minutes ago", "has expired",
						() -> partner((c) -> c.issueTime(ago(1200)).expirationTime(ago(600)))),
				attack("expired just beyond the 30 s clock skew", "has expired",
						() -> partner((c) -> c.issueTime(ago(600)).expirationTime(ago(31)))),
				attack("not before one hour from now", "not valid yet",
						() -> partner((c) -> c.notBeforeTime(ago(-3600)))),
				attack("issued one hour in the future", "issued in the future",
						() -> partner((c) -> c.issueTime(ago(-3600)).expirationTime(ago(-3900)))),
				attack("no expiry", "has no expiry", () -> partner((c) -> c.expirationTime(null))),
				attack("lifetime of two hours, above max-token-lifetime 1h", "lifetime is longer than accepted",
						() -> partner((c) -> c.issueTime(ago(60)).expirationTime(ago(-7140)))),
				attack("no issued-at while a maximum lifetime is set", "lifetime is longer than accepted",
						() -> partner((c) -> c.issueTime(null))),
				attack("audience of another API", "not meant for this API",
						() -> partner((c) -> c.audience("billing-api"))),
				attack("audience that only starts with retail-api", "not meant for this API",
						() -> partner((c) -> c.audience("retail-api-evil"))),
				attack("no audience", "not meant for this API", () -> partner((c) -> c.audience((String) null))),
				attack("issuer with a trailing slash", "issuer is not trusted",
						() -> partner((c) -> c.issuer(PARTNER_ISSUER + "/"))),
				attack("issuer of an unknown identity provider", "issuer is not trusted",
						() -> partner((c) -> c.issuer(external.evil("idp").toString()))),
				attack("no subject", "does not name its subject", () -> partner((c) -> c.subject(null))),
				attack("blank subject", "does not name its subject", () -> partner((c) -> c.subject(" "))),
				attack("crit header naming an extension", "critical header",
						() -> Forge.sign(external.partnerRsa(), Forge.claims(PARTNER_ISSUER, "mallory").build(),
								(h) -> h.criticalParams(Set.of("exp")).customParam("exp", 1))),
				attack("typ of an encrypted object (JOSE)", "type is not accepted",
						() -> Forge.sign(external.partnerRsa(), Forge.claims(PARTNER_ISSUER, "mallory").build(),
								(h) -> h.type(JOSEObjectType.JOSE))),
				attack("JWE compact token (five parts)", "Encrypted access tokens",
						() -> Forge.b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".a2V5.aXY.Y2lwaGVy.dGFn"),
				attack("JWS header carrying enc", "Encrypted access tokens",
						() -> Forge.raw("{\"alg\":\"RS256\",\"enc\":\"A256GCM\"}", adminClaims().toString(),
								Forge.b64("sig"))),
				attack("claims nested 500 levels deep", "malformed",
						() -> Forge.raw("{\"alg\":\"RS256\"}",
								"{\"iss\":\"" + ISSUER + "\",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}",
								Forge.b64("sig"))),
				attack("duplicate sub claim", "malformed",
						() -> Forge.raw("{\"alg\":\"RS256\"}",
								"{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"sub\":\"admin\"}", Forge.b64("sig"))),
				attack("garbage", "malformed", () -> "not-a-token"));
	}

	private static Arguments attack(String name, String reason, Supplier<String> token) {
		return Arguments.of(name, 401, reason, token);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("forgedTokens")
	void forgedTokenIsRefused(String attack, int status, String reason, Supplier<String> forge) {
		String token = forge.get();
		int evilHits = external.evilHits();
		HttpResponse<String> response = call("GET", "/api/users/me", token, null);
		JsonNode problem = Refusals.assertRefused(response, status, token);
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/invalid-token");
		assertThat(problem.path("detail").asText()).contains(reason);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"")
			.contains(reason);
		// Keys come only from the issuer's configured JWK Set: nothing the token names is
		// fetched.
		assertThat(external.evilHits()).isEqualTo(evilHits);
	}

	@Test
	void partnerTokensAreAcceptedSoTheClaimAttacksAboveReachTheirChecks() {
		HttpResponse<String> response = call("GET", "/api/users/me", partner((c) -> {
		}), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response).get("subject").asText()).isEqualTo("mallory");
		String ecToken = Forge.sign(external.partnerEc(), Forge.claims(PARTNER_ISSUER, "mallory", "USER").build());
		assertThat(call("GET", "/api/users/me", ecToken, null).statusCode()).isEqualTo(200);
	}

	@Test
	void noTokenIs401WithBearerChallenge() {
		HttpResponse<String> response = call("GET", "/api/users/me", null, null);
		Refusals.assertRefused(response, 401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer resource_metadata=\"" + ISSUER + "/.well-known/oauth-protected-resource\"");
	}

	@Test
	void tokenInTheQueryStringIsIgnoredWith401() {
		String token = alice();
		HttpResponse<String> response = call("GET", "/api/users/me?access_token=" + token, null, null);
		Refusals.assertRefused(response, 401, token);
	}

	@Test
	void lookAlikeRoleNameNeverBecomesARealRoleWith403() {
		// "adm\u0131n" (dotless i) upper-cases to ADMIN under Unicode rules.
		String token = Forge.sign(external.partnerRsa(), Forge.claims(PARTNER_ISSUER, "mallory", "adm\u0131n").build());
		Refusals.assertRefused(call("GET", "/api/users", token, null), 403, token);
		String admin = Forge.sign(external.partnerRsa(), Forge.claims(PARTNER_ISSUER, "mallory", "admin").build());
		assertThat(call("GET", "/api/users", admin, null).statusCode()).isEqualTo(200);
	}

	@Test
	void hugeTokenIs400Or401NeverA500() {
		String huge = "eyJ" + "A".repeat(100_000);
		HttpResponse<String> response = call("GET", "/api/users/me", huge, null);
		// Tomcat's 8 KB header limit answers first, before the starter's 16 KB token
		// limit.
		Refusals.assertRefused(response, 400, huge);
		String big = Forge.raw("{\"alg\":\"RS256\"}", "{\"pad\":\"" + "x".repeat(5_000) + "\"}", Forge.b64("sig"));
		Refusals.assertRefused(call("GET", "/api/users/me", big, null), 401, big);
	}

	@Test
	void unknownKidFloodRefetchesTheJwkSetAtMostTheBurstPlusOnePerMinRefetchInterval() {
		double before = jwksRefreshes();
		long start = System.nanoTime();
		int flood = 50;
		int unchecked = 0;
		for (int i = 0; i < flood; i++) {
			String kid = "flood-" + i;
			String token = Forge.sign(Forge.ATTACKER_KEY, adminClaims(), (h) -> h.keyID(kid));
			HttpResponse<String> response = call("GET", "/api/users/me", token, null);
			// 401 once a fetch showed the key is not the issuer's; 503 while it cannot be
			// checked.
			assertThat(response.statusCode()).as(response.body()).isIn(401, 503);
			JsonNode problem = Refusals.assertRefused(response, response.statusCode(), token);
			if (response.statusCode() == 401) {
				assertThat(problem.path("detail").asText()).contains("signed with an unknown key");
			}
			else {
				unchecked++;
				assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/keys-unavailable");
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
			}
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		// apisec.jwt.jwks.unknown-key-refetch-burst is 3, one more per
		// min-refetch-interval (30 s).
		long allowed = 3 + elapsed.toSeconds() / 30;
		assertThat(jwksRefreshes() - before).isLessThanOrEqualTo(allowed).isLessThan(flood);
		assertThat(unchecked).isGreaterThanOrEqualTo(flood - (int) allowed);
		assertThat(call("GET", "/api/users/me", alice(), null).statusCode()).isEqualTo(200);
	}

	private static double jwksRefreshes() {
		HttpResponse<String> response = call("GET", "/actuator/metrics/apisec.jwks.refresh?tag=issuer:" + ISSUER,
				admin(), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("measurements").get(0).get("value").asDouble();
	}

	/** Claims of the demo issuer for an administrator, as an attacker would like them. */
	private static JWTClaimsSet adminClaims() {
		return Forge.claims(ISSUER, "admin", "ADMIN").claim("scope", List.of("catalog.write")).build();
	}

	/**
	 * The administrator claims, issued a quarter of an hour ago: before the application
	 * fetched its keys, so an unknown key id is refused 401 without a refetch (a fresh
	 * token with an unknown key id might be a rotation and may get 503 instead).
	 */
	private static JWTClaimsSet issuedBeforeKeysWereFetched() {
		Instant issued = Instant.now().minusSeconds(900);
		return new JWTClaimsSet.Builder(adminClaims()).issueTime(Date.from(issued))
			.expirationTime(Date.from(issued.plusSeconds(1800)))
			.build();
	}

	/**
	 * A token of the partner identity provider, correctly signed, with adjusted claims.
	 */
	private static String partner(Consumer<JWTClaimsSet.Builder> claims) {
		JWTClaimsSet.Builder builder = Forge.claims(PARTNER_ISSUER, "mallory", "USER");
		claims.accept(builder);
		return Forge.sign(external.partnerRsa(), builder.build());
	}

	private static Date ago(long seconds) {
		return Date.from(Instant.now().minusSeconds(seconds));
	}

	private static String flippedSignature() {
		String[] parts = alice().split("\\.");
		byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
		signature[signature.length / 2] ^= 0x01;
		return Forge.withPart(alice(), 2, Forge.b64(signature));
	}

	private static byte[] publicKeyDer() {
		return der(issuerPublicKey());
	}

	private static byte[] der(RSAKey key) {
		try {
			return key.toRSAPublicKey().getEncoded();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] publicKeyPem() {
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKeyDer())
				+ "\n-----END PUBLIC KEY-----\n";
		return pem.getBytes(StandardCharsets.US_ASCII);
	}

}
