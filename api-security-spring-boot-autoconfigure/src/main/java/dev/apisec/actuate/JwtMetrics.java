package dev.apisec.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.apisec.jwt.JwtEventListener;
import dev.apisec.jwt.JwtFailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * JWT counters: {@code apisec.auth} (method {@code jwt}, outcome, reason),
 * {@code apisec.jwks.refresh} (issuer, outcome) and
 * {@code apisec.jwt.validated_token_cache} (result). Tag values come from closed sets
 * (the failure reasons, the configured issuers), so the number of counters is bounded;
 * each is registered on first use and then only incremented.
 */
class JwtMetrics implements JwtEventListener {

	static final String AUTH = "apisec.auth";

	static final String JWKS_REFRESH = "apisec.jwks.refresh";

	static final String TOKEN_CACHE = "apisec.jwt.validated_token_cache";

	private final MeterRegistry registry;

	private final Counter success;

	private final Counter cacheHit;

	private final Counter cacheMiss;

	private final Map<String, Counter> failures = new ConcurrentHashMap<>();

	private final Map<String, Counter> refreshes = new ConcurrentHashMap<>();

	JwtMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.success = authCounter("success", "none");
		this.cacheHit = cacheCounter("hit");
		this.cacheMiss = cacheCounter("miss");
	}

	@Override
	public void tokenDecoded(JwtFailureReason failure) {
		if (failure == null) {
			this.success.increment();
		}
		else {
			failure(failure.code());
		}
	}

	@Override
	public void keysUnavailable() {
		failure("keys_unavailable");
	}

	@Override
	public void validatedTokenCacheLookup(boolean hit) {
		(hit ? this.cacheHit : this.cacheMiss).increment();
	}

	@Override
	public void jwksRefreshed(String issuer, boolean success) {
		String outcome = success ? "success" : "failure";
		this.refreshes
			.computeIfAbsent(issuer + " " + outcome,
					(key) -> Counter.builder(JWKS_REFRESH)
						.description("Attempts to fetch an issuer's JWK Set, by outcome")
						.tag("issuer", issuer)
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

	private void failure(String reason) {
		this.failures.computeIfAbsent(reason, (key) -> authCounter("failure", reason)).increment();
	}

	private Counter authCounter(String outcome, String reason) {
		return Counter.builder(AUTH)
			.description("Authentication attempts, by method, outcome and failure reason")
			.tag("method", "jwt")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(this.registry);
	}

	private Counter cacheCounter(String result) {
		return Counter.builder(TOKEN_CACHE)
			.description("Lookups of bearer tokens in the validated-token cache, by result")
			.tag("result", result)
			.register(this.registry);
	}

}
