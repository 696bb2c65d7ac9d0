package dev.apisec.authorization;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.apisec.audit.SecurityObservations;
import dev.apisec.jwt.ApiSecJwtAuthenticationConverter;
import dev.apisec.jwt.BenchmarkIssuer;
import dev.apisec.ratelimit.BenchmarkRateLimit;
import dev.apisec.ratelimit.RateLimitDecision;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * What the starter does for one request, past the servlet container and the filters'
 * plumbing: the bearer token decoded by the starter's {@code ApiSecJwtDecoder} (RS256,
 * keys from a JWK Set served on loopback, issuer and audience checks) inside the chain's
 * {@link ObservedJwtAuthenticationManager} with the
 * {@link ApiSecJwtAuthenticationConverter} ("roles" claim to authorities), the rule
 * decision of the chain's {@link RuleIndex} (one rule, {@code /bench/**} needs role
 * {@code USER}) and a rate-limit decision of the memory backend keyed by principal. Each
 * invocation fails with an exception unless the token is accepted, the rule grants and
 * the rate limit allows, so that a fast rejection can never be measured.
 * <ul>
 * <li>{@code freshToken}: each invocation takes the next of 50,000 distinct tokens signed
 * in the setup, so the validated-token cache never has it. That cache holds at most
 * 10,000 tokens ({@code apisec.jwt.validated-token-cache.max-size} at its default;
 * checked in the setup), but cycling over more than that is not enough: Caffeine's
 * admission policy keeps part of a repeating sequence, so a second pass would hit some
 * tokens. The cache is therefore emptied whenever the sequence starts over (once in
 * 50,000 invocations), and each invocation fails if any lookup has ever hit.</li>
 * <li>{@code reusedToken}: the same token every time, the path of a client reusing its
 * access token (a SHA-256 of the token and a cache hit instead of parsing and the
 * signature); it fails if any lookup but the setup's misses.</li>
 * <li>{@code bareVerify}: the floor, the JDK's {@code SHA256withRSA} verifying tokens of
 * the same kind (same key size, same claims) with one initialized {@link Signature} and
 * nothing around it. It cycles over 1,000 tokens of its own, since a verification caches
 * nothing and signing 50,000 tokens twice would double the setup.</li>
 * </ul>
 * In this package because the rule decision is built through package-private types as
 * {@link BenchmarkChain} builds it; the decoder and the rate limit come from the public
 * builders {@link BenchmarkIssuer} and {@link BenchmarkRateLimit} in their own packages,
 * which reach their package-private constructors the same way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FreshTokenBenchmark {

	static final int FRESH_TOKENS = 50_000;

	static final int VERIFY_TOKENS = 1_000;

	private static final String CLIENT_ADDRESS = "127.0.0.1";

	@Benchmark
	public void freshToken(FreshPath path, Blackhole blackhole) {
		path.handle(path.nextToken(), blackhole);
		if (path.issuer.validatedTokenCacheHits() != 0) {
			throw new IllegalStateException("A token was found in the validated-token cache: not a fresh-token path");
		}
	}

	@Benchmark
	public void reusedToken(ReusedPath path, Blackhole blackhole) {
		path.handle(path.token, blackhole);
		if (path.issuer.validatedTokenCacheMisses() != 1) {
			throw new IllegalStateException("The reused token missed the validated-token cache");
		}
	}

	@Benchmark
	public boolean bareVerify(Signatures state) throws Exception {
		int i = state.nextIndex();
		// After verify() a Signature is back in its initialized state, ready for reuse.
		state.verifier.update(state.signingInputs[i]);
		if (!state.verifier.verify(state.signatures[i])) {
			throw new IllegalStateException("Token " + i + " does not verify");
		}
		return true;
	}

	/**
	 * The starter's steps for one request, built once per trial.
	 */
	abstract static class RequestPath {

		BenchmarkIssuer issuer;

		private ObservedJwtAuthenticationManager authentication;

		private AuthorizationManager<HttpServletRequest> rules;

		private BenchmarkRateLimit rateLimit;

		private MockHttpServletRequest request;

		void start() throws Exception {
			this.issuer = BenchmarkIssuer.start();
			this.authentication = new ObservedJwtAuthenticationManager(this.issuer.decoder(),
					new ApiSecJwtAuthenticationConverter(this.issuer.issuers()), SecurityObservations.NONE);
			AuthorizationProperties properties = new AuthorizationProperties();
			AuthorizationProperties.Rule rule = new AuthorizationProperties.Rule();
			rule.setName("bench");
			rule.setPaths(List.of("/bench/**"));
			rule.setRoles(List.of("USER"));
			properties.getRules().add(rule);
			this.rules = BenchmarkChain.of(properties, "ADMIN > USER");
			this.rateLimit = new BenchmarkRateLimit();
			this.request = new MockHttpServletRequest("GET", "/bench/me");
			this.request.setRemoteAddr(CLIENT_ADDRESS);
			ServletRequestPathUtils.parseAndCache(this.request);
		}

		void handle(String token, Blackhole blackhole) {
			Authentication authenticated = this.authentication.authenticate(new BearerTokenAuthenticationToken(token),
					this.request);
			AuthorizationResult result = this.rules.authorize(() -> authenticated, this.request);
			if (result == null || !result.isGranted()) {
				throw new IllegalStateException("The rule did not grant " + authenticated.getAuthorities());
			}
			RateLimitDecision decision = this.rateLimit.decide(this.request, authenticated, CLIENT_ADDRESS);
			if (decision == null || !decision.allowed()) {
				throw new IllegalStateException("The rate limit did not allow the request");
			}
			if (blackhole != null) {
				blackhole.consume(authenticated);
				blackhole.consume(result);
				blackhole.consume(decision);
			}
		}

		// The first request of a trial also waits for the JWK Set: made in the setup.
		void checkOnce(String token) {
			handle(token, null);
		}

		@TearDown
		public void tearDown() {
			this.issuer.close();
		}

	}

	@State(Scope.Thread)
	public static class FreshPath extends RequestPath {

		private String[] tokens;

		private int next;

		@Setup
		public void setUp() throws Exception {
			long cacheBound = BenchmarkIssuer.validatedTokenCacheMaxSize();
			if (FRESH_TOKENS <= cacheBound) {
				throw new IllegalStateException(
						FRESH_TOKENS + " tokens do not exceed the validated-token cache's " + cacheBound);
			}
			start();
			checkOnce(this.issuer.mint(1)[0]);
			this.issuer.clearValidatedTokenCache();
			this.tokens = this.issuer.mint(FRESH_TOKENS);
		}

		String nextToken() {
			if (this.next == this.tokens.length) {
				this.next = 0;
				this.issuer.clearValidatedTokenCache();
			}
			return this.tokens[this.next++];
		}

	}

	@State(Scope.Thread)
	public static class ReusedPath extends RequestPath {

		String token;

		@Setup
		public void setUp() throws Exception {
			start();
			this.token = this.issuer.mint(1)[0];
			checkOnce(this.token);
		}

	}

	@State(Scope.Thread)
	public static class Signatures {

		private byte[][] signingInputs;

		private byte[][] signatures;

		private Signature verifier;

		private int next;

		@Setup
		public void setUp() throws Exception {
			try (BenchmarkIssuer issuer = BenchmarkIssuer.start()) {
				String[] tokens = issuer.mint(VERIFY_TOKENS);
				this.signingInputs = new byte[tokens.length][];
				this.signatures = new byte[tokens.length][];
				for (int i = 0; i < tokens.length; i++) {
					int lastDot = tokens[i].lastIndexOf('.');
					this.signingInputs[i] = tokens[i].substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
					this.signatures[i] = Base64.getUrlDecoder().decode(tokens[i].substring(lastDot + 1));
				}
				this.verifier = Signature.getInstance("SHA256withRSA");
				this.verifier.initVerify(issuer.publicKey());
			}
		}

		int nextIndex() {
			int i = this.next;
			this.next = (i + 1 == this.signatures.length) ? 0 : i + 1;
			return i;
		}

	}

}
