package dev.apisec.jwt;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The keys of one issuer, from its JWK Set. Keys are fetched in the background at startup
 * and refreshed before they go stale; request threads only read an immutable snapshot.
 * <p>
 * A request needs a fetch in two cases only: no keys were ever obtained, or its key id is
 * unknown (perhaps a rotation). Fetches always run on the refresh threads; a request
 * waits for one at most one fetch timeout, and is answered 503 (not 401) whenever its key
 * cannot be checked: no keys yet, the provider failing, the fetch slow, or the
 * unknown-key budget spent. That budget lets a few fetches happen at once, so that a real
 * rotation is picked up on its first token, and regains one per minimum refetch interval,
 * so that a flood of made-up key ids reaches the provider only a few times a minute.
 * After a failure, fetches are retried 1 s, 2 s, 4 s later, up to a short cap, so that
 * recovery follows the provider's return within seconds. Once fetched, keys stay usable
 * while the provider is down.
 */
final class JwksIssuerKeys implements IssuerKeys {

	private static final Log logger = LogFactory.getLog(JwksIssuerKeys.class);

	/** First retry after a failed fetch; doubled per further failure. */
	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	/**
	 * Longest time between retries while fetches fail (shorter if min-refetch-interval
	 * is).
	 */
	static final Duration MAX_RETRY = Duration.ofSeconds(5);

	/**
	 * Shortest minimum refetch interval, and so shortest time between retries: below it a
	 * flood of made-up key ids, or a dead provider, would be fetched back to back.
	 */
	static final Duration SHORTEST_MIN_REFETCH_INTERVAL = Duration.ofMillis(100);

	/**
	 * Failures counted for the backoff; more change nothing (1 s << 16 is far above the
	 * cap).
	 */
	private static final int MAX_COUNTED_FAILURES = 16;

	/** How often a continuing outage is logged at WARN. */
	private static final Duration WARN_EVERY = Duration.ofMinutes(1);

	private final String issuer;

	private final URI configuredJwkSetUri;

	private final JwksFetcher fetcher;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final Duration refreshInterval;

	private final Duration minRefetchInterval;

	private final int unknownKeyBurst;

	private final Duration requestWait;

	private final JwtEventListener listener;

	private final Object lock = new Object();

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	private volatile URI jwkSetUri;

	private volatile Instant nextRefresh;

	private volatile String lastError;

	private volatile Instant lastErrorAt;

	private volatile boolean stopped;

	// Guarded by lock.
	private CompletableFuture<Snapshot> inFlight;

	private Instant inFlightSince;

	// A fetch to start once the one in flight ends, for requests that arrived after it
	// began.
	private CompletableFuture<Snapshot> followUp;

	private ScheduledFuture<?> scheduled;

	private int failures;

	private int budget;

	private Instant budgetRefilledAt;

	private Instant lastWarnAt;

	JwksIssuerKeys(String issuer, URI jwkSetUri, JwksFetcher fetcher, ScheduledExecutorService scheduler, Clock clock,
			Duration refreshInterval, Duration minRefetchInterval, int unknownKeyBurst, JwtEventListener listener) {
		this.issuer = issuer;
		this.listener = listener;
		this.configuredJwkSetUri = jwkSetUri;
		this.jwkSetUri = jwkSetUri;
		this.fetcher = fetcher;
		this.scheduler = scheduler;
		this.clock = clock;
		this.refreshInterval = refreshInterval;
		this.minRefetchInterval = (minRefetchInterval.compareTo(SHORTEST_MIN_REFETCH_INTERVAL) < 0)
				? SHORTEST_MIN_REFETCH_INTERVAL : minRefetchInterval;
		this.unknownKeyBurst = unknownKeyBurst;
		this.requestWait = fetcher.timeout();
		this.budget = unknownKeyBurst;
		this.budgetRefilledAt = clock.instant();
	}

	@Override
	public void start() {
		this.stopped = false;
		reschedule();
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
	public List<VerificationKey> select(String keyId, JwsAlgorithm algorithm, Instant latestSigningTime) {
		Snapshot current = this.snapshot;
		Instant arrivedAt = null;
		long waitUntil = 0;
		if (current.fetchedAt == null) {
			arrivedAt = this.clock.instant();
			waitUntil = System.nanoTime() + this.requestWait.toNanos();
			current = awaitFirstKeys(waitUntil);
		}
		List<VerificationKey> keys = current.select(keyId, algorithm);
		if (!keys.isEmpty() || keyId == null || current.hasKeyId(keyId)) {
			return keys;
		}
		if (latestSigningTime != null && current.startedAt.isAfter(latestSigningTime)) {
			// Fetched after the token was signed, and its key was not there: not a
			// rotation.
			return keys;
		}
		if (arrivedAt == null) {
			arrivedAt = this.clock.instant();
			waitUntil = System.nanoTime() + this.requestWait.toNanos();
		}
		else if (!current.startedAt.isBefore(arrivedAt)) {
			// The first keys came from a fetch begun since the request arrived: that was
			// the check.
			return keys;
		}
		return fetchForUnknownKey(keyId, current, arrivedAt, waitUntil).select(keyId, algorithm);
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

	private Snapshot awaitFirstKeys(long waitUntil) {
		CompletableFuture<Snapshot> future;
		synchronized (this.lock) {
			Snapshot current = this.snapshot;
			if (current.fetchedAt != null) {
				return current;
			}
			// Any fetch gives the first keys; whether they answer for this key is checked
			// after.
			future = joinOrStart(this.clock.instant(), null);
		}
		return await(future, waitUntil, "no keys could be obtained yet for issuer " + this.issuer);
	}

	/**
	 * A token whose key id the current keys do not know: only a fetch begun after the
	 * request arrived shows that the key is not the issuer's (one begun before may
	 * predate a rotation). Join such a fetch, or start one if the unknown-key budget
	 * allows; otherwise the key cannot be checked yet.
	 */
	private Snapshot fetchForUnknownKey(String keyId, Snapshot seen, Instant arrivedAt, long waitUntil) {
		CompletableFuture<Snapshot> future;
		synchronized (this.lock) {
			Snapshot latest = this.snapshot;
			if (latest != seen && (!latest.startedAt.isBefore(arrivedAt) || latest.hasKeyId(keyId))) {
				return latest;
			}
			future = joinOrStart(this.clock.instant(), arrivedAt);
		}
		return await(future, waitUntil, "the key of a token of issuer " + this.issuer + " cannot be checked yet");
	}

	/**
	 * Join the fetch in flight or start one. For an unknown key (arrivedAt not null), a
	 * fetch begun before the request arrived does not count: the request waits for a
	 * follow-up fetch that starts when it ends, paid from the unknown-key budget like a
	 * fetch of its own. Called with the lock held.
	 */
	private CompletableFuture<Snapshot> joinOrStart(Instant now, Instant arrivedAt) {
		boolean unknownKey = arrivedAt != null;
		if (this.inFlight != null) {
			if (!unknownKey || !this.inFlightSince.isBefore(arrivedAt)) {
				return this.inFlight;
			}
			if (this.followUp != null) {
				return this.followUp;
			}
			if (!takeBudget(now)) {
				throw budgetSpent(now);
			}
			this.followUp = new CompletableFuture<>();
			return this.followUp;
		}
		Instant retryAt = retryAt();
		if (retryAt != null && now.isBefore(retryAt)) {
			throw unavailable("the last fetch for issuer " + this.issuer + " failed: " + this.lastError,
					Duration.between(now, retryAt));
		}
		if (unknownKey && !takeBudget(now)) {
			throw budgetSpent(now);
		}
		CompletableFuture<Snapshot> future = new CompletableFuture<>();
		startFetch(future, now);
		if (this.inFlight == null) {
			throw unavailable("the key refresh of issuer " + this.issuer + " has stopped", FIRST_RETRY);
		}
		return future;
	}

	// Called with the lock held. Leaves inFlight null if the refresh threads are shut
	// down.
	private void startFetch(CompletableFuture<Snapshot> future, Instant now) {
		this.inFlight = future;
		this.inFlightSince = now;
		try {
			this.scheduler.execute(() -> runFetch(future));
		}
		catch (RejectedExecutionException ex) {
			this.inFlight = null;
		}
	}

	// Called with the lock held.
	private KeysUnavailableException budgetSpent(Instant now) {
		// With no budget at all, only the background refresh brings new keys.
		Instant next = (this.unknownKeyBurst == 0) ? due(now) : this.budgetRefilledAt.plus(this.minRefetchInterval);
		return unavailable("the unknown-key refetch budget of issuer " + this.issuer + " is spent",
				Duration.between(now, next));
	}

	/**
	 * Wait for a fetch, at most one fetch timeout: a provider that is slow or silent
	 * costs a request a bounded wait, and then a 503, while the fetch goes on for the
	 * next request.
	 */
	private Snapshot await(CompletableFuture<Snapshot> future, long waitUntil, String failure) {
		try {
			return future.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(failure, FIRST_RETRY);
		}
		catch (TimeoutException ex) {
			throw unavailable(failure + " (the fetch takes longer than " + this.requestWait.toMillis() + " ms)",
					FIRST_RETRY);
		}
		catch (ExecutionException ex) {
			Instant retryAt;
			synchronized (this.lock) {
				retryAt = retryAt();
			}
			Duration wait = (retryAt != null) ? Duration.between(this.clock.instant(), retryAt) : FIRST_RETRY;
			throw unavailable(failure + ": " + this.lastError, wait);
		}
	}

	private static KeysUnavailableException unavailable(String message, Duration retryAfter) {
		return new KeysUnavailableException(message,
				(retryAfter.compareTo(FIRST_RETRY) < 0) ? FIRST_RETRY : retryAfter);
	}

	// Called with the lock held.
	private boolean takeBudget(Instant now) {
		if (this.unknownKeyBurst == 0) {
			return false;
		}
		Duration elapsed = Duration.between(this.budgetRefilledAt, now);
		if (elapsed.isNegative()) {
			// The clock went back: count from now.
			this.budgetRefilledAt = now;
		}
		else if (this.budget < this.unknownKeyBurst) {
			long earned = Math.min(elapsed.dividedBy(this.minRefetchInterval), this.unknownKeyBurst - this.budget);
			this.budget += (int) earned;
			this.budgetRefilledAt = (this.budget == this.unknownKeyBurst) ? now
					: this.budgetRefilledAt.plus(this.minRefetchInterval.multipliedBy(earned));
		}
		else {
			this.budgetRefilledAt = now;
		}
		if (this.budget == 0) {
			return false;
		}
		this.budget--;
		return true;
	}

	// Called with the lock held. When the next attempt is allowed after failures, or
	// null.
	private Instant retryAt() {
		Instant failedAt = this.lastErrorAt;
		return (this.failures > 0 && failedAt != null) ? failedAt.plus(retryDelay(this.failures)) : null;
	}

	/**
	 * The wait after the given number of consecutive failures: 1 s, 2 s, 4 s... up to
	 * {@link #MAX_RETRY} or the minimum refetch interval, whichever is shorter. Bounded
	 * for any count: the exponent stops growing long before it could overflow.
	 */
	Duration retryDelay(int failureCount) {
		Duration cap = (this.minRefetchInterval.compareTo(MAX_RETRY) < 0) ? this.minRefetchInterval : MAX_RETRY;
		int exponent = Math.max(0, Math.min(failureCount, MAX_COUNTED_FAILURES) - 1);
		Duration delay = FIRST_RETRY.multipliedBy(1L << exponent);
		return (delay.compareTo(cap) < 0) ? delay : cap;
	}

	private void backgroundRefresh() {
		if (this.stopped) {
			return;
		}
		CompletableFuture<Snapshot> future = null;
		try {
			synchronized (this.lock) {
				if (this.inFlight != null) {
					// Its completion schedules the next refresh.
					return;
				}
				Instant now = this.clock.instant();
				if (!now.isBefore(due(now))) {
					future = new CompletableFuture<>();
					this.inFlight = future;
					this.inFlightSince = now;
				}
			}
			if (future != null) {
				runFetch(future);
				return;
			}
		}
		catch (RuntimeException ex) {
			logger.error("Key refresh of issuer " + this.issuer + " failed unexpectedly", ex);
		}
		reschedule();
	}

	/**
	 * Run one fetch. The future is completed and the next refresh scheduled on every
	 * path, errors included: requests waiting on it, and the refresh itself, never hang.
	 */
	private void runFetch(CompletableFuture<Snapshot> future) {
		Snapshot fresh = null;
		Throwable failure = null;
		try {
			fresh = fetch();
			recordSuccess(fresh);
		}
		catch (Exception ex) {
			failure = ex;
			recordFailure(ex);
		}
		catch (Throwable ex) {
			failure = ex;
			logger.error("Key fetch of issuer " + this.issuer + " failed unexpectedly", ex);
			throw ex;
		}
		finally {
			CompletableFuture<Snapshot> next;
			boolean nextStarted = false;
			synchronized (this.lock) {
				if (fresh != null) {
					this.snapshot = fresh;
					this.failures = 0;
				}
				else {
					this.failures = Math.min(this.failures + 1, MAX_COUNTED_FAILURES);
					if (!(failure instanceof Exception)) {
						// An Error skips recordFailure; without a failure time the retry
						// would not wait.
						this.lastError = "the fetch failed with "
								+ ((failure != null) ? failure.getClass().getSimpleName() : "an unknown error");
						this.lastErrorAt = this.clock.instant();
					}
				}
				if (this.inFlight == future) {
					this.inFlight = null;
				}
				next = this.followUp;
				this.followUp = null;
				if (next != null && fresh != null) {
					startFetch(next, this.clock.instant());
					nextStarted = this.inFlight == next;
				}
				else if (next != null && this.budget < this.unknownKeyBurst) {
					// The provider is failing: no follow-up fetch, and its budget is
					// given back.
					this.budget++;
				}
			}
			if (fresh != null) {
				future.complete(fresh);
			}
			else {
				future.completeExceptionally((failure != null) ? failure : new IllegalStateException("fetch aborted"));
			}
			if (next != null && !nextStarted) {
				next.completeExceptionally(
						(failure != null) ? failure : new IllegalStateException("key refresh stopped"));
			}
			reschedule();
		}
	}

	private Snapshot fetch() throws Exception {
		Instant startedAt = this.clock.instant();
		try {
			URI uri = this.jwkSetUri;
			if (uri == null) {
				uri = this.fetcher.discoverJwkSetUri(this.issuer);
				this.jwkSetUri = uri;
			}
			JwksFetcher.Document document = this.fetcher.get(uri);
			List<VerificationKey> keys = keepIdentities(JwkSetParser.parse(document.body(), uri.toString()));
			return new Snapshot(keys, startedAt, this.clock.instant(), document.maxAge());
		}
		catch (Exception ex) {
			if (this.configuredJwkSetUri == null) {
				this.jwkSetUri = null;
			}
			throw ex;
		}
	}

	private void recordSuccess(Snapshot fresh) {
		this.lastError = null;
		this.lastErrorAt = null;
		synchronized (this.lock) {
			this.lastWarnAt = null;
		}
		if (logger.isDebugEnabled()) {
			logger
				.debug("Fetched " + fresh.keys.size() + " keys for issuer " + this.issuer + " from " + this.jwkSetUri);
		}
		this.listener.jwksRefreshed(this.issuer, true);
	}

	private void recordFailure(Exception ex) {
		String error = describe(ex);
		Instant now = this.clock.instant();
		boolean warn;
		synchronized (this.lock) {
			warn = this.lastWarnAt == null || !error.equals(this.lastError)
					|| !now.isBefore(this.lastWarnAt.plus(WARN_EVERY));
			if (warn) {
				this.lastWarnAt = now;
			}
		}
		this.lastError = error;
		this.lastErrorAt = now;
		String message = "Could not fetch keys for issuer " + this.issuer + " (keeping " + this.snapshot.keys.size()
				+ " known keys): " + error;
		if (warn) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
		this.listener.jwksRefreshed(this.issuer, false);
	}

	private static String describe(Exception ex) {
		String message = ex.getMessage();
		if (ex instanceof IOException && message != null) {
			return message;
		}
		String type = ex.getClass().getSimpleName();
		return (message != null) ? "invalid answer (" + type + ": " + message + ")" : type;
	}

	// Called with the lock held. When the next background fetch is due: now, if never
	// tried.
	private Instant due(Instant now) {
		Instant retryAt = retryAt();
		if (retryAt != null) {
			return retryAt;
		}
		Snapshot current = this.snapshot;
		if (current.fetchedAt == null) {
			return now;
		}
		Duration delay = this.refreshInterval;
		if (current.maxAge != null && current.maxAge.compareTo(delay) < 0) {
			delay = current.maxAge;
		}
		if (delay.compareTo(this.minRefetchInterval) < 0) {
			delay = this.minRefetchInterval;
		}
		return current.fetchedAt.plus(delay);
	}

	private void reschedule() {
		synchronized (this.lock) {
			Instant now = this.clock.instant();
			Instant due = due(now);
			this.nextRefresh = due.isAfter(now) ? due : now;
			if (this.stopped) {
				return;
			}
			if (this.scheduled != null) {
				this.scheduled.cancel(false);
			}
			long delay = due.isAfter(now) ? Duration.between(now, due).toMillis() : 0;
			try {
				this.scheduled = this.scheduler.schedule(this::backgroundRefresh, delay, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Shut down with the application.
				this.scheduled = null;
			}
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

	/**
	 * An immutable view of the keys at one fetch.
	 */
	private static final class Snapshot {

		static final Snapshot EMPTY = new Snapshot(List.of(), null, null, null);

		final List<VerificationKey> keys;

		final Instant startedAt;

		final Instant fetchedAt;

		final Duration maxAge;

		Snapshot(List<VerificationKey> keys, Instant startedAt, Instant fetchedAt, Duration maxAge) {
			this.keys = List.copyOf(keys);
			this.startedAt = startedAt;
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
