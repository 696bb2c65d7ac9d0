package dev.apisec.jwt;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The keys of one issuer, from its JWK Set. Keys are fetched in the background at startup
 * and refreshed before they go stale; request threads only read an immutable snapshot.
 * A request waits for a fetch in two cases only: no keys were ever obtained, or its key id
 * is unknown (a rotation). Both are limited to one fetch per minimum refetch interval, so
 * a flood of made-up key ids never floods the identity provider. Once fetched, keys stay
 * usable while the identity provider is down.
 */
final class JwksIssuerKeys implements IssuerKeys {

	private static final Log logger = LogFactory.getLog(JwksIssuerKeys.class);

	private final String issuer;

	private final URI configuredJwkSetUri;

	private final JwksFetcher fetcher;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final Duration refreshInterval;

	private final Duration minRefetchInterval;

	private final JwtEventListener listener;

	private final Object lock = new Object();

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	private volatile URI jwkSetUri;

	private volatile Instant lastFetchStart;

	private volatile Instant nextRefresh;

	private volatile String lastError;

	private volatile Instant lastErrorAt;

	private CompletableFuture<Snapshot> inFlight;

	private ScheduledFuture<?> scheduled;

	private volatile boolean stopped;

	// While no keys were ever obtained: the interval between attempts, from 1 s doubling up to
	// the minimum refetch interval, so that an IdP that was down at startup (or, for an app
	// that is its own issuer, not yet listening) is tried again within seconds.
	private volatile Duration firstKeysRetry;

	static final Duration FIRST_KEYS_RETRY = Duration.ofSeconds(1);

	JwksIssuerKeys(String issuer, URI jwkSetUri, JwksFetcher fetcher, ScheduledExecutorService scheduler, Clock clock,
			Duration refreshInterval, Duration minRefetchInterval) {
		this(issuer, jwkSetUri, fetcher, scheduler, clock, refreshInterval, minRefetchInterval, JwtEventListener.NONE);
	}

	JwksIssuerKeys(String issuer, URI jwkSetUri, JwksFetcher fetcher, ScheduledExecutorService scheduler, Clock clock,
			Duration refreshInterval, Duration minRefetchInterval, JwtEventListener listener) {
		this.issuer = issuer;
		this.listener = listener;
		this.configuredJwkSetUri = jwkSetUri;
		this.jwkSetUri = jwkSetUri;
		this.fetcher = fetcher;
		this.scheduler = scheduler;
		this.clock = clock;
		this.refreshInterval = refreshInterval;
		this.minRefetchInterval = minRefetchInterval;
	}

	@Override
	public void start() {
		this.stopped = false;
		schedule(Duration.ZERO);
	}

	@Override
	public void stop() {
		this.stopped = true;
		synchronized (this.lock) {
			if (this.scheduled != null) {
				this.scheduled.cancel(false);
			}
		}
	}

	@Override
	public List<VerificationKey> select(String keyId, JwsAlgorithm algorithm) {
		Snapshot current = this.snapshot;
		if (current.fetchedAt == null) {
			current = awaitFirstKeys();
		}
		List<VerificationKey> keys = current.select(keyId, algorithm);
		if (keys.isEmpty() && keyId != null && !current.hasKeyId(keyId)) {
			// A key id never seen: perhaps the provider rotated. Refetch, at most once per
			// minimum refetch interval; within the interval the token is simply unknown.
			Snapshot refreshed = fetchIfAllowed();
			if (refreshed != null) {
				keys = refreshed.select(keyId, algorithm);
			}
		}
		return keys;
	}

	@Override
	public boolean isCurrent(VerificationKey key) {
		return this.snapshot.contains(key);
	}

	@Override
	public KeyStatus status() {
		Snapshot current = this.snapshot;
		List<String> ids = new ArrayList<>();
		for (VerificationKey key : current.keys) {
			ids.add(key.keyId());
		}
		URI uri = this.jwkSetUri;
		String source = (uri != null) ? uri.toString() : "discovery from " + this.issuer;
		return new KeyStatus(source, Collections.unmodifiableList(ids), current.fetchedAt, this.nextRefresh,
				this.lastError, this.lastErrorAt);
	}

	private Snapshot awaitFirstKeys() {
		Snapshot fetched = fetchIfAllowed();
		if (fetched != null && fetched.fetchedAt != null) {
			return fetched;
		}
		Snapshot current = this.snapshot;
		if (current.fetchedAt != null) {
			return current;
		}
		throw new KeysUnavailableException("No keys could be obtained for issuer " + this.issuer, retryAfter());
	}

	private Duration retryAfter() {
		Instant start = this.lastFetchStart;
		if (start == null) {
			return Duration.ofSeconds(1);
		}
		Duration remaining = Duration.between(this.clock.instant(), start.plus(refetchInterval()));
		return (remaining.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : remaining;
	}

	// The minimum time between two fetches: shorter while no keys were ever obtained.
	private Duration refetchInterval() {
		if (this.snapshot.fetchedAt == null) {
			Duration retry = (this.firstKeysRetry != null) ? this.firstKeysRetry : FIRST_KEYS_RETRY;
			return (retry.compareTo(this.minRefetchInterval) < 0) ? retry : this.minRefetchInterval;
		}
		return this.minRefetchInterval;
	}

	/**
	 * Fetch now unless a fetch started less than the minimum refetch interval ago; join a
	 * fetch already in flight. Returns {@code null} when not allowed to fetch.
	 */
	private Snapshot fetchIfAllowed() {
		CompletableFuture<Snapshot> future;
		boolean owner = false;
		synchronized (this.lock) {
			if (this.inFlight != null) {
				future = this.inFlight;
			}
			else {
				Instant now = this.clock.instant();
				if (this.lastFetchStart != null && now.isBefore(this.lastFetchStart.plus(refetchInterval()))) {
					return null;
				}
				future = new CompletableFuture<>();
				this.inFlight = future;
				this.lastFetchStart = now;
				owner = true;
			}
		}
		if (owner) {
			runFetch(future);
		}
		return future.join();
	}

	private void runFetch(CompletableFuture<Snapshot> future) {
		Snapshot result;
		try {
			result = fetch();
		}
		finally {
			synchronized (this.lock) {
				this.inFlight = null;
			}
		}
		future.complete(result);
	}

	/**
	 * Fetch the key set; on failure keep the keys we have. Never throws.
	 */
	private Snapshot fetch() {
		try {
			URI uri = this.jwkSetUri;
			if (uri == null) {
				uri = this.fetcher.discoverJwkSetUri(this.issuer);
				this.jwkSetUri = uri;
			}
			JwksFetcher.Document document = this.fetcher.get(uri);
			List<VerificationKey> keys = keepIdentities(JwkSetParser.parse(document.body(), uri.toString()));
			Snapshot fresh = new Snapshot(keys, this.clock.instant(), document.maxAge());
			this.snapshot = fresh;
			this.lastError = null;
			this.lastErrorAt = null;
			if (logger.isDebugEnabled()) {
				logger.debug("Fetched " + keys.size() + " keys for issuer " + this.issuer + " from " + uri);
			}
			this.listener.jwksRefreshed(this.issuer, true);
			return fresh;
		}
		catch (Exception ex) {
			if (this.configuredJwkSetUri == null) {
				this.jwkSetUri = null;
			}
			this.lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.lastErrorAt = this.clock.instant();
			if (this.snapshot.fetchedAt == null) {
				Duration previous = this.firstKeysRetry;
				this.firstKeysRetry = (previous != null) ? previous.multipliedBy(2) : FIRST_KEYS_RETRY;
			}
			logger.warn("Could not fetch keys for issuer " + this.issuer + " (keeping "
					+ this.snapshot.keys.size() + " known keys): " + this.lastError);
			this.listener.jwksRefreshed(this.issuer, false);
			return this.snapshot;
		}
	}

	private List<VerificationKey> keepIdentities(List<VerificationKey> fetched) {
		List<VerificationKey> previous = this.snapshot.keys;
		List<VerificationKey> result = new ArrayList<>(fetched.size());
		for (VerificationKey key : fetched) {
			VerificationKey kept = key;
			for (VerificationKey old : previous) {
				if (old.sameKeyAs(key)) {
					kept = old;
					break;
				}
			}
			result.add(kept);
		}
		return result;
	}

	private void backgroundRefresh() {
		if (this.stopped) {
			return;
		}
		CompletableFuture<Snapshot> future;
		synchronized (this.lock) {
			if (this.inFlight != null) {
				future = null;
			}
			else {
				future = new CompletableFuture<>();
				this.inFlight = future;
				this.lastFetchStart = this.clock.instant();
			}
		}
		if (future != null) {
			runFetch(future);
		}
		Snapshot current = this.snapshot;
		boolean failed = this.lastErrorAt != null;
		Duration delay;
		if (failed) {
			delay = (current.fetchedAt == null) ? refetchInterval() : this.minRefetchInterval;
		}
		else {
			delay = this.refreshInterval;
			if (current.maxAge != null && current.maxAge.compareTo(delay) < 0) {
				delay = current.maxAge;
			}
			if (delay.compareTo(this.minRefetchInterval) < 0) {
				delay = this.minRefetchInterval;
			}
		}
		schedule(delay);
	}

	private void schedule(Duration delay) {
		synchronized (this.lock) {
			if (this.stopped) {
				return;
			}
			this.nextRefresh = this.clock.instant().plus(delay);
			this.scheduled = this.scheduler.schedule(this::backgroundRefresh, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * An immutable view of the keys at one fetch.
	 */
	private static final class Snapshot {

		static final Snapshot EMPTY = new Snapshot(List.of(), null, null);

		final List<VerificationKey> keys;

		final Instant fetchedAt;

		final Duration maxAge;

		Snapshot(List<VerificationKey> keys, Instant fetchedAt, Duration maxAge) {
			this.keys = List.copyOf(keys);
			this.fetchedAt = fetchedAt;
			this.maxAge = maxAge;
		}

		List<VerificationKey> select(String keyId, JwsAlgorithm algorithm) {
			List<VerificationKey> result = null;
			for (VerificationKey key : this.keys) {
				if ((keyId == null || keyId.equals(key.keyId())) && key.fits(algorithm)) {
					if (result == null) {
						result = new ArrayList<>(1);
					}
					result.add(key);
				}
			}
			return (result != null) ? result : List.of();
		}

		boolean hasKeyId(String keyId) {
			for (VerificationKey key : this.keys) {
				if (keyId.equals(key.keyId())) {
					return true;
				}
			}
			return false;
		}

		boolean contains(VerificationKey candidate) {
			for (VerificationKey key : this.keys) {
				if (key == candidate) {
					return true;
				}
			}
			return false;
		}

	}

}
