package dev.apisec.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Await;
import dev.apisec.test.JwksServer;
import dev.apisec.test.ReservedPort;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The key source of one issuer against real HTTP servers (and a port that refuses
 * connections), with a controllable clock: hours of outage pass in a second of test, and
 * every fetch is caused by a request, so that the counts are exact (no background
 * refresh).
 */
class JwksIssuerKeysTests {

	private static final String ISSUER = "https://idp.example";

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

	private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final JwksFetcher fetcher = new JwksFetcher(Duration.ofMillis(500), Duration.ofMillis(500), 100_000);

	private final RSAKey first = Tokens.rsaKey("first");

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	private JwksIssuerKeys keys(URI jwkSetUri) {
		JwksIssuerKeys keys = new JwksIssuerKeys(ISSUER, jwkSetUri, this.fetcher, this.scheduler, this.clock,
				Duration.ofMinutes(5), Duration.ofSeconds(30), 3, JwtEventListener.NONE);
		keys.stop();
		return keys;
	}

	@Test
	void fortyMinutesOfOutageBeforeTheFirstKeysNeverOverflowTheBackoffAndRecoveryTakesOneRetry() {
		try (ReservedPort refusing = new ReservedPort()) {
			int port = refusing.port();
			JwksIssuerKeys keys = keys(URI.create("http://127.0.0.1:" + port + "/jwks"));
			for (int i = 0; i < 400; i++) {
				assertThatExceptionOfType(KeysUnavailableException.class)
					.isThrownBy(() -> keys.select("first", JwsAlgorithm.RS256, null))
					.satisfies((ex) -> assertThat(ex.getRetryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(5)));
				this.clock.advance(Duration.ofSeconds(6));
			}
			assertThat(keys.status().lastError()).contains("could not connect to http://127.0.0.1:" + port + "/jwks");
			try (JwksServer idp = new JwksServer(port)) {
				idp.publish(this.first.toPublicJWK());
				assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
				assertThat(idp.jwksHits()).isEqualTo(1);
			}
		}
	}

	@Test
	void tokenOfAKeyPublishedWhileARefreshIsInFlightIsCheckedByAFetchBegunAfterItArrived() throws Exception {
		RSAKey second = Tokens.rsaKey("second");
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = new JwksIssuerKeys(ISSUER, URI.create(idp.jwkSetUri()), this.fetcher, this.scheduler,
					this.clock, Duration.ofMinutes(5), Duration.ofSeconds(30), 3, JwtEventListener.NONE);
			idp.hold();
			// The background refresh asks for the keys; its answer, without the new key,
			// is on its way.
			keys.start();
			Await.until(() -> idp.held() == 1, Duration.ofSeconds(10), "the refresh reached the provider");
			idp.publish(this.first.toPublicJWK(), second.toPublicJWK());
			this.clock.advance(Duration.ofSeconds(1));
			CompletableFuture<List<VerificationKey>> selected = selectWhileHeld(keys, "second", idp);
			assertThat(selected.get(10, TimeUnit.SECONDS)).hasSize(1);
			assertThat(idp.jwksHits()).isEqualTo(2);
		}
		finally {
			this.scheduler.shutdownNow();
		}
	}

	@Test
	void tokenOfAKeyPublishedWhileAnUnknownKeyFetchIsInFlightWaitsForAFollowUpFetch() throws Exception {
		RSAKey second = Tokens.rsaKey("second");
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = keys(URI.create(idp.jwkSetUri()));
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			idp.hold();
			CompletableFuture<List<VerificationKey>> madeUp = CompletableFuture
				.supplyAsync(() -> keys.select("made-up", JwsAlgorithm.RS256, null));
			Await.until(() -> idp.held() == 1, Duration.ofSeconds(10), "the fetch for the made-up key id is held");
			idp.publish(this.first.toPublicJWK(), second.toPublicJWK());
			this.clock.advance(Duration.ofSeconds(1));
			CompletableFuture<List<VerificationKey>> selected = selectWhileHeld(keys, "second", idp);
			// The made-up key id was checked by a fetch begun after it arrived: unknown,
			// rightly.
			assertThat(madeUp.get(10, TimeUnit.SECONDS)).isEmpty();
			assertThat(selected.get(10, TimeUnit.SECONDS)).hasSize(1);
			assertThat(idp.jwksHits()).isEqualTo(3);
		}
	}

	/**
	 * Select on a thread of its own, release the held answers once it waits for them (or
	 * after it returned, which must then not have been an answer from the old keys).
	 */
	private CompletableFuture<List<VerificationKey>> selectWhileHeld(JwksIssuerKeys keys, String keyId,
			JwksServer idp) {
		CompletableFuture<List<VerificationKey>> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(keys.select(keyId, JwsAlgorithm.RS256, null));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "select-" + keyId);
		thread.setDaemon(true);
		thread.start();
		Await.until(() -> result.isDone() || thread.getState() == Thread.State.TIMED_WAITING, Duration.ofSeconds(10),
				"the request waits for a fetch");
		idp.release();
		return result;
	}

	@Test
	void burstOfZeroFetchesNothingForUnknownKeyIdsWhateverTheMinRefetchInterval() {
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = new JwksIssuerKeys(ISSUER, URI.create(idp.jwkSetUri()), this.fetcher, this.scheduler,
					this.clock, Duration.ofMinutes(5), Duration.ZERO, 0, JwtEventListener.NONE);
			keys.stop();
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			for (int i = 0; i < 20; i++) {
				String kid = "made-up-" + i;
				assertThatExceptionOfType(KeysUnavailableException.class)
					.isThrownBy(() -> keys.select(kid, JwsAlgorithm.RS256, null))
					.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMinutes(5)));
			}
			assertThat(idp.jwksHits()).isEqualTo(1);
		}
	}

	@Test
	void fetchFailingWithAnErrorWaitsForItsRetryInsteadOfSpinning() {
		AtomicInteger calls = new AtomicInteger();
		JwksFetcher failing = new JwksFetcher(Duration.ofMillis(500), Duration.ofMillis(500), 100_000) {

			@Override
			JwksFetcher.Document get(URI uri) {
				calls.incrementAndGet();
				throw new StackOverflowError("deep inside a parser");
			}

		};
		JwksIssuerKeys keys = new JwksIssuerKeys(ISSUER, URI.create("http://127.0.0.1:1/jwks"), failing, this.scheduler,
				this.clock, Duration.ofMinutes(5), Duration.ofSeconds(30), 3, JwtEventListener.NONE);
		keys.start();
		Await.until(
				() -> keys.status().lastErrorAt() != null && keys.status().nextRefresh().isAfter(this.clock.instant()),
				Duration.ofSeconds(10), "the failure is recorded and the retry scheduled");
		KeyStatus status = keys.status();
		assertThat(status.lastError()).contains("StackOverflowError");
		assertThat(status.nextRefresh()).isEqualTo(status.lastErrorAt().plus(JwksIssuerKeys.FIRST_RETRY));
		// The clock stands still: no retry is due, neither for the refresh nor for a
		// request.
		assertThatExceptionOfType(KeysUnavailableException.class)
			.isThrownBy(() -> keys.select("first", JwsAlgorithm.RS256, null));
		assertThat(calls).hasValue(1);
		this.clock.advance(JwksIssuerKeys.FIRST_RETRY);
		Await.until(() -> calls.get() == 2, Duration.ofSeconds(10), "the retry ran once due");
		keys.stop();
	}

	@Test
	void afterMinutesOfOutageWithKnownKeysTheNextAttemptIsAtMostFiveSecondsAway() {
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = keys(URI.create(idp.jwkSetUri()));
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			idp.setDown(true);
			for (int i = 0; i < 6; i++) {
				this.clock.advance(Duration.ofSeconds(30));
				String kid = "new-" + i;
				// The provider failing, a new key cannot be checked: 503, not "unknown
				// key".
				assertThatExceptionOfType(KeysUnavailableException.class)
					.isThrownBy(() -> keys.select(kid, JwsAlgorithm.RS256, null));
			}
			KeyStatus status = keys.status();
			assertThat(Duration.between(status.lastErrorAt(), status.nextRefresh()))
				.isLessThanOrEqualTo(Duration.ofSeconds(5));
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			int hits = idp.jwksHits();
			this.clock.advance(Duration.ofSeconds(1));
			assertThatExceptionOfType(KeysUnavailableException.class)
				.isThrownBy(() -> keys.select("second", JwsAlgorithm.RS256, null))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(5)));
			assertThat(idp.jwksHits()).isEqualTo(hits);
			RSAKey second = Tokens.rsaKey("second");
			idp.publish(this.first.toPublicJWK(), second.toPublicJWK());
			idp.setDown(false);
			this.clock.advance(Duration.ofSeconds(5));
			assertThat(keys.select("second", JwsAlgorithm.RS256, null)).hasSize(1);
		}
	}

	@Test
	void unknownKeyIdsGetABurstOfThreeFetchesThenOnePerMinRefetchInterval() {
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = keys(URI.create(idp.jwkSetUri()));
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			int hits = idp.jwksHits();
			for (int i = 0; i < 3; i++) {
				assertThat(keys.select("made-up-" + i, JwsAlgorithm.RS256, null)).isEmpty();
			}
			for (int i = 0; i < 10; i++) {
				String kid = "flood-" + i;
				assertThatExceptionOfType(KeysUnavailableException.class)
					.isThrownBy(() -> keys.select(kid, JwsAlgorithm.RS256, null))
					.satisfies((ex) -> assertThat(ex.getRetryAfter()).isBetween(Duration.ofSeconds(1),
							Duration.ofSeconds(30)));
			}
			assertThat(idp.jwksHits()).isEqualTo(hits + 3);
			this.clock.advance(Duration.ofSeconds(30));
			assertThat(keys.select("after-30s", JwsAlgorithm.RS256, null)).isEmpty();
			assertThatExceptionOfType(KeysUnavailableException.class)
				.isThrownBy(() -> keys.select("after-30s-again", JwsAlgorithm.RS256, null));
			assertThat(idp.jwksHits()).isEqualTo(hits + 4);
			// A quiet hour refills the burst, never more than the burst.
			this.clock.advance(Duration.ofHours(1));
			for (int i = 0; i < 3; i++) {
				assertThat(keys.select("later-" + i, JwsAlgorithm.RS256, null)).isEmpty();
			}
			assertThatExceptionOfType(KeysUnavailableException.class)
				.isThrownBy(() -> keys.select("later-3", JwsAlgorithm.RS256, null));
			assertThat(idp.jwksHits()).isEqualTo(hits + 7);
		}
	}

	@Test
	void unknownKeyIdOfATokenSignedBeforeTheLastFetchIsUnknownWithoutAFetch() {
		try (JwksServer idp = new JwksServer()) {
			idp.publish(this.first.toPublicJWK());
			JwksIssuerKeys keys = keys(URI.create(idp.jwkSetUri()));
			assertThat(keys.select("first", JwsAlgorithm.RS256, null)).hasSize(1);
			int hits = idp.jwksHits();
			Instant signedBefore = this.clock.instant().minusSeconds(1);
			for (int i = 0; i < 10; i++) {
				assertThat(keys.select("retired-" + i, JwsAlgorithm.RS256, signedBefore)).isEmpty();
			}
			assertThat(idp.jwksHits()).isEqualTo(hits);
		}
	}

	@Test
	void retryDelayDoublesFromOneSecondAndStaysBoundedForAnyNumberOfFailures() {
		JwksIssuerKeys keys = keys(URI.create("http://127.0.0.1:1/jwks"));
		assertThat(keys.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(keys.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(keys.retryDelay(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(keys.retryDelay(4)).isEqualTo(Duration.ofSeconds(5));
		assertThat(keys.retryDelay(64)).isEqualTo(Duration.ofSeconds(5));
		assertThat(keys.retryDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void refusedConnectionIsDescribedWithHostPortAndWhatFailed() {
		try (ReservedPort refusing = new ReservedPort()) {
			int port = refusing.port();
			URI uri = URI.create("http://user:secret@127.0.0.1:" + port + "/jwks?token=hidden");
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.fetcher.get(uri))
				.satisfies((ex) -> assertThat(ex.getMessage())
					.startsWith("could not connect to http://127.0.0.1:" + port + "/jwks:")
					.containsIgnoringCase("refused")
					.doesNotContain("null")
					.doesNotContain("secret")
					.doesNotContain("hidden"));
		}
	}

	@Test
	void silentServerIsDescribedAsAReadTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			// Connections complete in the backlog; nothing is ever read or answered.
			URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/jwks");
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.fetcher.get(uri))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("127.0.0.1:" + silent.getLocalPort())
					.contains("500ms"));
		}
	}

	@Test
	void answerTrickledByteByByteIsCutAtConnectPlusReadTimeout() throws Exception {
		try (ServerSocket trickling = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			Thread server = new Thread(() -> trickle(trickling), "trickling-server");
			server.setDaemon(true);
			server.start();
			URI uri = URI.create("http://127.0.0.1:" + trickling.getLocalPort() + "/jwks");
			long start = System.nanoTime();
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.fetcher.get(uri))
						.satisfies((ex) -> assertThat(ex.getMessage()).contains("no complete answer from")));
			// The fetch deadline (1 s) and what a busy machine adds; the trickle would
			// last minutes.
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(this.fetcher.timeout().plus(Duration.ofSeconds(4)));
		}
	}

	private static void trickle(ServerSocket server) {
		try (Socket socket = server.accept()) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			in.read(buffer);
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			for (int i = 0; i < 10000 && !Thread.currentThread().isInterrupted(); i++) {
				out.write(' ');
				out.flush();
				Thread.sleep(50);
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client gave up: what the test wants.
		}
	}

	/**
	 * A clock the test moves by hand.
	 */
	static final class TestClock extends Clock {

		private volatile Instant now;

		TestClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
