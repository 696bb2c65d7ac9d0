package dev.apisec.jwt;

import java.util.List;

/**
 * Told what JWT validation does, for metrics. Called on request and refresh threads, so
 * implementations must be cheap and must not throw. Define beans of this type to observe
 * validation; every method defaults to doing nothing.
 */
public interface JwtEventListener {

	/** A listener that ignores everything. */
	JwtEventListener NONE = new JwtEventListener() {
	};

	/**
	 * A token was decoded: accepted ({@code failure} is {@code null}) or rejected.
	 * @param failure why the token was rejected, or {@code null} when it was accepted
	 */
	default void tokenDecoded(JwtFailureReason failure) {
	}

	/**
	 * A token could not be checked because its issuer's keys cannot be obtained.
	 */
	default void keysUnavailable() {
	}

	/**
	 * The validated-token cache was consulted.
	 * @param hit whether the token was found and still valid
	 */
	default void validatedTokenCacheLookup(boolean hit) {
	}

	/**
	 * An attempt to fetch an issuer's JWK Set ended.
	 * @param issuer the issuer
	 * @param success whether keys were obtained
	 */
	default void jwksRefreshed(String issuer, boolean success) {
	}

	/**
	 * Combine listeners into one that calls each in turn.
	 * @param listeners the listeners
	 * @return the combined listener
	 */
	static JwtEventListener of(List<JwtEventListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		List<JwtEventListener> all = List.copyOf(listeners);
		return new JwtEventListener() {

			@Override
			public void tokenDecoded(JwtFailureReason failure) {
				all.forEach((listener) -> listener.tokenDecoded(failure));
			}

			@Override
			public void keysUnavailable() {
				all.forEach(JwtEventListener::keysUnavailable);
			}

			@Override
			public void validatedTokenCacheLookup(boolean hit) {
				all.forEach((listener) -> listener.validatedTokenCacheLookup(hit));
			}

			@Override
			public void jwksRefreshed(String issuer, boolean success) {
				all.forEach((listener) -> listener.jwksRefreshed(issuer, success));
			}

		};
	}

}
