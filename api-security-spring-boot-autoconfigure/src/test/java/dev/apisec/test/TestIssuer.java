package dev.apisec.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An issuer that the application under test trusts, for HTTP tests: the issuer's
 * {@code apisec.jwt.issuers[n]} properties for a test's {@link DynamicPropertyRegistry},
 * and real tokens signed the way it signs them. Either a started {@link JwksServer} that
 * publishes an RSA key of the issuer's own, or an HMAC secret.
 * <p>
 * A test class holds it in a static field annotated with {@code @RegisterExtension}; the
 * server is stopped after the class. Every class has its own server on a free port, since
 * tests switch it down, publish other keys and count its hits: nothing of that reaches
 * another class.
 */
public final class TestIssuer implements AfterAllCallback {

	private final String issuer;

	private final String audience;

	private final JwksServer server;

	private final RSAKey key;

	private final byte[] secret;

	private TestIssuer(String issuer, String audience, JwksServer server, RSAKey key, byte[] secret) {
		this.issuer = issuer;
		this.audience = audience;
		this.server = server;
		this.key = key;
		this.secret = secret;
	}

	/**
	 * Start an identity provider whose JWK Set holds the public part of a new RSA key;
	 * its issuer identifier is the server's address.
	 * @param keyId the key id of the signing key
	 * @param audience the audience of its tokens, or {@code null} for a test that names
	 * each token's audience itself
	 * @return the issuer
	 */
	public static TestIssuer jwks(String keyId, String audience) {
		RSAKey key = Tokens.rsaKey(keyId);
		JwksServer server = new JwksServer();
		server.publish(key.toPublicJWK());
		return new TestIssuer(null, audience, server, key, null);
	}

	/**
	 * An issuer that signs with a shared secret (HS256), no server.
	 * @param issuer the issuer identifier
	 * @param secret the secret, at least 32 bytes
	 * @param audience the audience of its tokens
	 * @return the issuer
	 */
	public static TestIssuer hmac(String issuer, String secret, String audience) {
		return new TestIssuer(issuer, audience, null, null, secret.getBytes(StandardCharsets.UTF_8));
	}

	public String issuer() {
		return (this.server != null) ? this.server.issuer() : this.issuer;
	}

	public String audience() {
		return this.audience;
	}

	/**
	 * Return the identity provider's server, to switch it down, publish other keys or
	 * count its hits.
	 * @return the server
	 */
	public JwksServer server() {
		if (this.server == null) {
			throw new IllegalStateException("An HMAC issuer has no server");
		}
		return this.server;
	}

	/**
	 * Return the key the issuer signs with.
	 * @return the RSA key, private part included
	 */
	public RSAKey key() {
		if (this.key == null) {
			throw new IllegalStateException("An HMAC issuer has no RSA key");
		}
		return this.key;
	}

	/**
	 * Add the issuer as {@code apisec.jwt.issuers[index]}: its issuer identifier, its JWK
	 * Set URI or secret, and its audience.
	 * @param registry the test's property registry
	 * @param index the index in the list of issuers
	 */
	public void addProperties(DynamicPropertyRegistry registry, int index) {
		String prefix = prefix(index);
		registry.add(prefix + "issuer-uri", this::issuer);
		if (this.server != null) {
			registry.add(prefix + "jwk-set-uri", this.server::jwkSetUri);
		}
		else {
			registry.add(prefix + "hmac-secret", () -> new String(this.secret, StandardCharsets.UTF_8));
		}
		registry.add(prefix + "audiences[0]", this::audience);
	}

	/**
	 * Add the issuer as {@code apisec.jwt.issuers[index]} with its issuer identifier and
	 * audience only: the application finds the JWK Set URI in the server's discovery
	 * document.
	 * @param registry the test's property registry
	 * @param index the index in the list of issuers
	 */
	public void addDiscoveryProperties(DynamicPropertyRegistry registry, int index) {
		if (this.server == null) {
			throw new IllegalStateException("An HMAC issuer has no discovery document");
		}
		registry.add(prefix(index) + "issuer-uri", this::issuer);
		registry.add(prefix(index) + "audiences[0]", this::audience);
	}

	private static String prefix(int index) {
		return "apisec.jwt.issuers[" + index + "].";
	}

	/**
	 * Claims of this issuer and audience, valid for an hour from now.
	 * @param subject the subject
	 * @return a claims builder
	 */
	public JWTClaimsSet.Builder claims(String subject) {
		return Tokens.claims(issuer(), this.audience, subject);
	}

	/**
	 * Sign claims as this issuer does: RS256 with its key, or HS256 with its secret.
	 * @param claims the claims
	 * @return the compact JWS
	 */
	public String sign(JWTClaimsSet claims) {
		return (this.key != null) ? Tokens.sign(this.key, claims)
				: Tokens.signHmac(this.secret, JWSAlgorithm.HS256, claims, null);
	}

	/**
	 * A valid token of this issuer with a {@code roles} claim.
	 * @param subject the subject
	 * @param roles the roles, none for an empty list
	 * @return the token
	 */
	public String token(String subject, String... roles) {
		return sign(claims(subject).claim("roles", List.of(roles)).build());
	}

	/**
	 * Wait until the application answers 200 to a token of this issuer: it fetches the
	 * issuer's keys in the background at startup, and a first request may come before
	 * them.
	 * @param http the application
	 * @param path a path the token may call
	 * @param token a valid token
	 */
	public void awaitKeysFetched(Http http, String path, String token) {
		Await.until(() -> http.get(path, token).statusCode() == 200, Duration.ofSeconds(10), "the keys were fetched");
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.close();
		}
	}

}
