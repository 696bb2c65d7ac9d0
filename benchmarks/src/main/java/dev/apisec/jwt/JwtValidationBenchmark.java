package dev.apisec.jwt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.io.FileSystemResource;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The starter's {@link ApiSecJwtDecoder} decoding the same valid token over and over, as
 * a client reusing its access token does: with the validated-token cache (a SHA-256 of
 * the token and a cache lookup) and without it (parsing, signature and claims every
 * time). The decoder is built the way the auto-configuration builds it, from
 * {@link JwtProperties}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class JwtValidationBenchmark {

	@Param({ "RS256", "ES256", "EdDSA", "HS256" })
	public String alg;

	@Param({ "true", "false" })
	public boolean cache;

	private TrustedIssuers issuers;

	private ApiSecJwtDecoder decoder;

	private String token;

	@Setup
	public void setUp() throws Exception {
		BenchmarkToken fixture = BenchmarkToken.create(this.alg);
		JwtProperties properties = new JwtProperties();
		JwtProperties.Issuer issuer = new JwtProperties.Issuer();
		issuer.setIssuerUri(BenchmarkToken.ISSUER);
		issuer.setAudiences(List.of(BenchmarkToken.AUDIENCE));
		issuer.setAlgorithms(List.of(this.alg));
		properties.getIssuers().add(issuer);
		Path pemFile = null;
		if (fixture.hmacSecret() != null) {
			issuer.setHmacSecret(fixture.hmacSecret());
		}
		else {
			pemFile = Files.createTempFile("apisec-bench-", ".pem");
			Files.writeString(pemFile, fixture.pem(), StandardCharsets.US_ASCII);
			issuer.setPublicKeyLocation(new FileSystemResource(pemFile));
		}
		try {
			this.issuers = new TrustedIssuersFactory(properties, Clock.systemUTC(), JwtEventListener.NONE).build();
		}
		finally {
			if (pemFile != null) {
				Files.delete(pemFile);
			}
		}
		this.issuers.start();
		JwtProperties.ValidatedTokenCache cacheProperties = properties.getValidatedTokenCache();
		ValidatedTokenCache validatedTokens = this.cache
				? new ValidatedTokenCache(cacheProperties.getMaxSize(), cacheProperties.getMaxTtl(), Clock.systemUTC())
				: null;
		this.decoder = new ApiSecJwtDecoder(this.issuers, validatedTokens, Clock.systemUTC(), properties.getClockSkew(),
				properties.getMaxTokenLifetime(), JwtEventListener.NONE);
		this.token = fixture.token();
		Jwt jwt = this.decoder.decode(this.token);
		if (!BenchmarkToken.SUBJECT.equals(jwt.getSubject())) {
			throw new IllegalStateException("Decoded an unexpected subject " + jwt.getSubject());
		}
	}

	@TearDown
	public void tearDown() {
		this.issuers.stop();
		this.issuers.destroy();
	}

	@Benchmark
	public Jwt decode() {
		return this.decoder.decode(this.token);
	}

}
