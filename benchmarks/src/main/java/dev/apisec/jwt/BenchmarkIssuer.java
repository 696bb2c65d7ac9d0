package dev.apisec.jwt;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * One RS256 issuer for benchmarks of a whole request: its JWK Set served on a loopback
 * port, the starter's {@link TrustedIssuers} and {@link ApiSecJwtDecoder} built from
 * {@link JwtProperties} the way {@code JwtAutoConfiguration} builds them (JWK Set URI,
 * issuer and audience checks, the validated-token cache at its default size), and tokens
 * signed with its key. Public, unlike the other benchmark helpers, because the benchmarks
 * of the whole path live in the package of the chain ({@code dev.apisec.authorization}).
 * The decoder reports each lookup of the validated-token cache, so that a benchmark can
 * prove it measured the path it claims (every token new, or every token cached).
 */
public final class BenchmarkIssuer implements AutoCloseable {

	/** Issuer of the tokens. */
	public static final String ISSUER = BenchmarkToken.ISSUER;

	/** Audience of the tokens, the one the issuer is configured with. */
	public static final String AUDIENCE = BenchmarkToken.AUDIENCE;

	/** Subject of every token: one client that keeps getting new tokens. */
	public static final String SUBJECT = BenchmarkToken.SUBJECT;

	private final RSAKey key;

	private final HttpServer jwkSetServer;

	private final TrustedIssuers issuers;

	private final ValidatedTokenCache validatedTokens;

	private final ApiSecJwtDecoder decoder;

	private final CacheLookups lookups = new CacheLookups();

	private int minted;

	private BenchmarkIssuer(RSAKey key, HttpServer jwkSetServer) {
		this.key = key;
		this.jwkSetServer = jwkSetServer;
		JwtProperties properties = new JwtProperties();
		JwtProperties.Issuer issuer = new JwtProperties.Issuer();
		issuer.setIssuerUri(ISSUER);
		issuer.setJwkSetUri("http://127.0.0.1:" + jwkSetServer.getAddress().getPort() + "/jwks");
		issuer.setAudiences(List.of(AUDIENCE));
		issuer.setAlgorithms(List.of("RS256"));
		properties.getIssuers().add(issuer);
		Clock clock = Clock.systemUTC();
		this.issuers = new TrustedIssuersFactory(properties, clock, this.lookups).build();
		this.issuers.start();
		JwtProperties.ValidatedTokenCache cacheProperties = properties.getValidatedTokenCache();
		this.validatedTokens = new ValidatedTokenCache(cacheProperties.getMaxSize(), cacheProperties.getMaxTtl(),
				clock);
		this.decoder = new ApiSecJwtDecoder(this.issuers, this.validatedTokens, clock, properties.getClockSkew(),
				properties.getMaxTokenLifetime(), this.lookups);
	}

	/**
	 * Generate a 2048-bit RSA key, serve its JWK Set on a free loopback port and build
	 * the issuer and decoder on it.
	 * @return the issuer
	 * @throws Exception if the key cannot be generated or the server started
	 */
	public static BenchmarkIssuer start() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench-fresh").generate();
		byte[] jwkSet = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwkSet.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwkSet);
			}
		});
		server.start();
		try {
			return new BenchmarkIssuer(key, server);
		}
		catch (RuntimeException ex) {
			server.stop(0);
			throw ex;
		}
	}

	/**
	 * Size bound of the starter's validated-token cache,
	 * {@code apisec.jwt.validated-token-cache.max-size} at its default.
	 * @return the bound
	 */
	public static long validatedTokenCacheMaxSize() {
		return new JwtProperties().getValidatedTokenCache().getMaxSize();
	}

	/**
	 * Sign tokens, valid for an hour, each with a "jti" of its own (distinct over every
	 * call) and the role {@code USER} in the "roles" claim.
	 * @param count how many
	 * @return the compact tokens
	 * @throws JOSEException if a token cannot be signed
	 */
	public String[] mint(int count) throws JOSEException {
		JWSSigner signer = new RSASSASigner(this.key);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build();
		Instant now = Instant.now();
		String[] tokens = new String[count];
		for (int i = 0; i < count; i++) {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
				.subject(SUBJECT)
				.audience(AUDIENCE)
				.jwtID("bench-" + this.minted++)
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(3600)))
				.claim("roles", List.of("USER"))
				.build();
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			tokens[i] = jwt.serialize();
		}
		return tokens;
	}

	/**
	 * Return the public key that verifies the tokens.
	 * @return the key
	 * @throws JOSEException if the key cannot be converted
	 */
	public RSAPublicKey publicKey() throws JOSEException {
		return this.key.toRSAPublicKey();
	}

	/**
	 * Return the starter's decoder.
	 * @return the decoder
	 */
	public JwtDecoder decoder() {
		return this.decoder;
	}

	/**
	 * Return the starter's issuers, for the authentication converter.
	 * @return the issuers
	 */
	public TrustedIssuers issuers() {
		return this.issuers;
	}

	/**
	 * Return how many lookups of the validated-token cache found the token.
	 * @return the hits so far
	 */
	public long validatedTokenCacheHits() {
		return this.lookups.hits;
	}

	/**
	 * Return how many lookups of the validated-token cache missed.
	 * @return the misses so far
	 */
	public long validatedTokenCacheMisses() {
		return this.lookups.misses;
	}

	/**
	 * Empty the validated-token cache, so that tokens already seen are new to it again.
	 */
	public void clearValidatedTokenCache() {
		this.validatedTokens.clear();
	}

	@Override
	public void close() {
		this.issuers.stop();
		this.issuers.destroy();
		this.jwkSetServer.stop(0);
	}

	/**
	 * Counts the decoder's cache lookups; benchmarks run one thread per state.
	 */
	private static final class CacheLookups implements JwtEventListener {

		private long hits;

		private long misses;

		@Override
		public void validatedTokenCacheLookup(boolean hit) {
			if (hit) {
				this.hits++;
			}
			else {
				this.misses++;
			}
		}

	}

}
