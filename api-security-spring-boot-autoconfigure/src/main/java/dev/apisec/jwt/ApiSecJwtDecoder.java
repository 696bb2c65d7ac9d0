package dev.apisec.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The starter's {@link JwtDecoder}: parses a compact JWS once, picks the issuer by its
 * "iss", verifies the signature with a key converted once per key id, checks the claims
 * and caches the result so a reused token is not verified again.
 * <p>
 * Checks beyond Spring Security's defaults: "exp" required, "iat" not in the future, an
 * optional maximum lifetime, "typ" absent or a JWT type, no "crit" header, audiences
 * required, the algorithm allow-listed per issuer and matched to the key's type. Header
 * parameters that point at keys ("jku", "x5u", "jwk", "x5c") are never used. Encrypted
 * tokens are refused before any key work.
 */
public final class ApiSecJwtDecoder implements JwtDecoder {

	/** Longer tokens are refused before any parsing. */
	static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/jwt", "application/at+jwt");

	private final TrustedIssuers issuers;

	private final ValidatedTokenCache cache;

	private final Clock clock;

	private final Duration clockSkew;

	private final Duration maxTokenLifetime;

	private final ObjectReader jsonReader;

	private final JwtEventListener listener;

	ApiSecJwtDecoder(TrustedIssuers issuers, ValidatedTokenCache cache, Clock clock, Duration clockSkew,
			Duration maxTokenLifetime, JwtEventListener listener) {
		this.listener = listener;
		this.issuers = issuers;
		this.cache = cache;
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.maxTokenLifetime = maxTokenLifetime;
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(16)
				.maxStringLength(8 * 1024)
				.maxNumberLength(32)
				.build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.jsonReader = new ObjectMapper(factory).readerFor(Map.class)
			.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt;
		try {
			jwt = decodeToken(token);
		}
		catch (InvalidJwtException ex) {
			this.listener.tokenDecoded(ex.getReason());
			throw ex;
		}
		catch (KeysUnavailableException ex) {
			this.listener.keysUnavailable();
			throw ex;
		}
		this.listener.tokenDecoded(null);
		return jwt;
	}

	private Jwt decodeToken(String token) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		ValidatedTokenCache.TokenHash hash = null;
		if (this.cache != null) {
			hash = this.cache.hash(token);
			ValidatedTokenCache.Entry entry = this.cache.get(hash);
			boolean hit = entry != null && isStillValid(entry);
			this.listener.validatedTokenCacheLookup(hit);
			if (hit) {
				return entry.jwt();
			}
		}
		ValidatedTokenCache.Entry entry = validate(token);
		if (hash != null) {
			this.cache.put(hash, entry);
		}
		return entry.jwt();
	}

	private boolean isStillValid(ValidatedTokenCache.Entry entry) {
		Instant now = this.clock.instant();
		return now.isBefore(entry.expiresAt().plus(this.clockSkew))
				&& (entry.notBefore() == null || !now.isBefore(entry.notBefore().minus(this.clockSkew)))
				&& entry.issuer().keys().isCurrent(entry.key());
	}

	private ValidatedTokenCache.Entry validate(String token) {
		int firstDot = token.indexOf('.');
		int secondDot = (firstDot < 0) ? -1 : token.indexOf('.', firstDot + 1);
		if (secondDot < 0) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		if (token.indexOf('.', secondDot + 1) >= 0) {
			// Five parts is the JWE compact form: refused before any key work.
			throw new InvalidJwtException(isJwe(token) ? JwtFailureReason.ENCRYPTED : JwtFailureReason.MALFORMED);
		}
		Map<String, Object> header = parseJson(token, 0, firstDot);
		checkHeader(header);
		Map<String, Object> claims = parseJson(token, firstDot + 1, secondDot);
		TrustedIssuer issuer = this.issuers.get(asString(claims.get("iss")));
		if (issuer == null) {
			throw new InvalidJwtException(JwtFailureReason.UNKNOWN_ISSUER);
		}
		JwsAlgorithm algorithm = JwsAlgorithm.forName(asString(header.get("alg")));
		if (algorithm == null || !issuer.allows(algorithm)) {
			throw new InvalidJwtException(JwtFailureReason.DISALLOWED_ALGORITHM);
		}
		byte[] signature = decodeBase64(token, secondDot + 1, token.length());
		if (signature.length == 0) {
			throw new InvalidJwtException(JwtFailureReason.BAD_SIGNATURE);
		}
		Object kid = header.get("kid");
		if (kid != null && !(kid instanceof String)) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		List<VerificationKey> candidates = issuer.keys().select((String) kid, algorithm, latestSigningTime(claims));
		if (candidates.isEmpty()) {
			throw new InvalidJwtException(JwtFailureReason.UNKNOWN_KEY);
		}
		byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
		VerificationKey verifiedBy = null;
		for (VerificationKey candidate : candidates) {
			if (candidate.verify(algorithm, signingInput, signature)) {
				verifiedBy = candidate;
				break;
			}
		}
		if (verifiedBy == null) {
			throw new InvalidJwtException(JwtFailureReason.BAD_SIGNATURE);
		}
		Instant expiresAt = checkClaims(issuer, claims);
		Jwt jwt = toJwt(token, header, claims);
		return new ValidatedTokenCache.Entry(jwt, issuer, verifiedBy, expiresAt, jwt.getNotBefore());
	}

	/**
	 * The latest time the token can have been signed, from its "iat" (whole seconds, so
	 * one more) and the clock skew; {@code null} without a usable "iat". Only tells an
	 * unknown key id fetched after that time (not a key of the issuer) from one that may
	 * be new.
	 */
	private Instant latestSigningTime(Map<String, Object> claims) {
		if (!(claims.get("iat") instanceof Number number)) {
			return null;
		}
		double seconds = number.doubleValue();
		if (!Double.isFinite(seconds) || seconds < 0 || seconds > 32_503_680_000d) {
			return null;
		}
		return Instant.ofEpochSecond(number.longValue() + 1).plus(this.clockSkew);
	}

	private void checkHeader(Map<String, Object> header) {
		if (header.containsKey("enc")) {
			throw new InvalidJwtException(JwtFailureReason.ENCRYPTED);
		}
		if (header.containsKey("crit")) {
			// No extension is understood, so any critical one must be refused (RFC 7515,
			// 4.1.11).
			throw new InvalidJwtException(JwtFailureReason.UNSUPPORTED_CRITICAL_HEADER);
		}
		Object type = header.get("typ");
		if (type != null && !(type instanceof String text && ACCEPTED_TYPES.contains(text.toLowerCase(Locale.ROOT)))) {
			throw new InvalidJwtException(JwtFailureReason.UNSUPPORTED_TYPE);
		}
	}

	private Instant checkClaims(TrustedIssuer issuer, Map<String, Object> claims) {
		Instant now = this.clock.instant();
		Instant expiresAt = instant(claims, "exp");
		if (expiresAt == null) {
			throw new InvalidJwtException(JwtFailureReason.MISSING_EXPIRY);
		}
		if (!now.isBefore(expiresAt.plus(this.clockSkew))) {
			throw new InvalidJwtException(JwtFailureReason.EXPIRED);
		}
		Instant notBefore = instant(claims, "nbf");
		if (notBefore != null && now.isBefore(notBefore.minus(this.clockSkew))) {
			throw new InvalidJwtException(JwtFailureReason.NOT_YET_VALID);
		}
		Instant issuedAt = instant(claims, "iat");
		if (issuedAt != null && issuedAt.isAfter(now.plus(this.clockSkew))) {
			throw new InvalidJwtException(JwtFailureReason.ISSUED_IN_FUTURE);
		}
		if (issuedAt != null && !expiresAt.isAfter(issuedAt)) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		if (this.maxTokenLifetime != null
				&& (issuedAt == null || Duration.between(issuedAt, expiresAt).compareTo(this.maxTokenLifetime) > 0)) {
			throw new InvalidJwtException(JwtFailureReason.LIFETIME_TOO_LONG);
		}
		if (!issuer.acceptsAudience(claims)) {
			throw new InvalidJwtException(JwtFailureReason.WRONG_AUDIENCE);
		}
		Object principal = claims.get(issuer.getPrincipalClaim());
		if (!(principal instanceof String name) || name.isBlank()) {
			throw new InvalidJwtException(JwtFailureReason.MISSING_PRINCIPAL);
		}
		return expiresAt;
	}

	private static Jwt toJwt(String token, Map<String, Object> header, Map<String, Object> claims) {
		Map<String, Object> converted = new LinkedHashMap<>(claims);
		for (String name : new String[] { "exp", "iat", "nbf" }) {
			Instant value = instant(claims, name);
			if (value != null) {
				converted.put(name, value);
			}
			else {
				converted.remove(name);
			}
		}
		Object audience = claims.get("aud");
		if (audience instanceof String text) {
			converted.put("aud", List.of(text));
		}
		else if (audience instanceof Collection<?> values) {
			converted.put("aud", values.stream().filter(String.class::isInstance).map(String.class::cast).toList());
		}
		else {
			converted.remove("aud");
		}
		return new Jwt(token, (Instant) converted.get("iat"), (Instant) converted.get("exp"), header, converted);
	}

	private static Instant instant(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Number number)) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		double seconds = number.doubleValue();
		if (!Double.isFinite(seconds) || seconds < 0 || seconds > 32_503_680_000d) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
		return Instant.ofEpochSecond(number.longValue());
	}

	private Map<String, Object> parseJson(String token, int start, int end) {
		byte[] json = decodeBase64(token, start, end);
		try {
			Map<String, Object> map = this.jsonReader.readValue(json);
			if (map == null || map.isEmpty()) {
				throw new InvalidJwtException(JwtFailureReason.MALFORMED);
			}
			return map;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidJwtException invalid) {
				throw invalid;
			}
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
	}

	private static byte[] decodeBase64(String token, int start, int end) {
		if (start >= end) {
			return new byte[0];
		}
		for (int i = start; i < end; i++) {
			char c = token.charAt(i);
			boolean valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!valid) {
				throw new InvalidJwtException(JwtFailureReason.MALFORMED);
			}
		}
		try {
			return Base64.getUrlDecoder().decode(token.substring(start, end));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtException(JwtFailureReason.MALFORMED);
		}
	}

	private boolean isJwe(String token) {
		int dots = 0;
		for (int i = 0; i < token.length(); i++) {
			if (token.charAt(i) == '.') {
				dots++;
			}
		}
		return dots == 4;
	}

	private static String asString(Object value) {
		return (value instanceof String text) ? text : null;
	}

}
