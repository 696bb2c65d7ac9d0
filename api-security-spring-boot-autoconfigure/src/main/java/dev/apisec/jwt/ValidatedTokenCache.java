package dev.apisec.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens whose signature and claims were already verified, so that a client reusing its
 * token skips signature verification. Bounded in size; keyed by the SHA-256 of the token
 * (the token itself is not kept as a key); an entry never outlives the token's "exp", the
 * maximum time to live, or the key that verified it.
 */
final class ValidatedTokenCache {

	private final Cache<TokenHash, Entry> cache;

	private final MessageDigest digestPrototype;

	ValidatedTokenCache(long maxSize, Duration maxTtl, Clock clock) {
		this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new EntryExpiry(maxTtl, clock)).build();
		try {
			this.digestPrototype = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	TokenHash hash(String token) {
		MessageDigest digest;
		try {
			digest = (MessageDigest) this.digestPrototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
		return new TokenHash(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
	}

	Entry get(TokenHash hash) {
		return this.cache.getIfPresent(hash);
	}

	void put(TokenHash hash, Entry entry) {
		this.cache.put(hash, entry);
	}

	void clear() {
		this.cache.invalidateAll();
	}

	/**
	 * A validated token: the decoded {@link Jwt}, its issuer and the key that verified
	 * it.
	 */
	record Entry(Jwt jwt, TrustedIssuer issuer, VerificationKey key, Instant expiresAt, Instant notBefore) {
	}

	/**
	 * SHA-256 of a token, with a precomputed hash code.
	 */
	static final class TokenHash {

		private final byte[] digest;

		private final int hashCode;

		TokenHash(byte[] digest) {
			this.digest = digest;
			this.hashCode = Arrays.hashCode(digest);
		}

		@Override
		public boolean equals(Object obj) {
			return (obj instanceof TokenHash other) && MessageDigest.isEqual(this.digest, other.digest);
		}

		@Override
		public int hashCode() {
			return this.hashCode;
		}

	}

	private static final class EntryExpiry implements Expiry<TokenHash, Entry> {

		private final long maxTtlNanos;

		private final Clock clock;

		EntryExpiry(Duration maxTtl, Clock clock) {
			this.maxTtlNanos = maxTtl.toNanos();
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(TokenHash key, Entry value, long currentTime) {
			long untilExpiry = Duration.between(this.clock.instant(), value.expiresAt()).toNanos();
			return Math.max(0, Math.min(untilExpiry, this.maxTtlNanos));
		}

		@Override
		public long expireAfterUpdate(TokenHash key, Entry value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(TokenHash key, Entry value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
