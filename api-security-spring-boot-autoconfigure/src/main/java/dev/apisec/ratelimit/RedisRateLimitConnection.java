package dev.apisec.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The Redis backend's own Lettuce connection and the bucket4j proxy manager over it. The
 * connection is opened from Spring Boot's Lettuce client, so {@code spring.data.redis.*}
 * (host, credentials, TLS, sentinel or cluster) applies; it is opened on a background
 * thread when first needed, so that neither startup nor a request waits longer than the
 * timeout for a Redis that is down. Once open, Lettuce reconnects by itself; while it is
 * disconnected, {@link #get} fails at once rather than queuing commands.
 */
final class RedisRateLimitConnection implements AutoCloseable {

	// Requests during an outage must not each dial Redis.
	private static final long RETRY_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

	private final Supplier<AbstractRedisClient> client;

	private final ClientSideConfig clientSideConfig;

	private final long timeoutNanos;

	private final ExecutorService opener = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "apisec-rate-limit-redis-connect");
		thread.setDaemon(true);
		return thread;
	});

	private final Object monitor = new Object();

	private volatile Open open;

	private Future<Open> opening;

	private long openingStartedNanos;

	private boolean closed;

	/**
	 * Create a connection, opened by {@link #openInBackground()} or when first needed.
	 * @param client supplies Spring Boot's Lettuce client
	 * @param timeout longest wait for Redis in one bucket4j operation
	 * @param expiration how long bucket keys live
	 */
	RedisRateLimitConnection(Supplier<AbstractRedisClient> client, Duration timeout,
			ExpirationAfterWriteStrategy expiration) {
		this.client = client;
		this.timeoutNanos = timeout.toNanos();
		this.clientSideConfig = ClientSideConfig.getDefault()
			.withRequestTimeout(timeout)
			.withExpirationAfterWriteStrategy(expiration);
	}

	/**
	 * Start opening the connection in the background, so that the first request does not
	 * pay for it; a failure is only retried when a request needs Redis.
	 */
	void openInBackground() {
		opening();
	}

	/**
	 * Return the open connection, waiting for it to open until the deadline at most.
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return the open connection
	 * @throws RateLimitBackendException when Redis cannot be reached by the deadline
	 */
	Open get(long deadlineNanos) {
		Open open = this.open;
		if (open == null) {
			open = await(opening(), deadlineNanos);
		}
		if (!open.connection().isOpen()) {
			throw new RateLimitBackendException("Redis is disconnected; Lettuce is reconnecting");
		}
		return open;
	}

	private Future<Open> opening() {
		synchronized (this.monitor) {
			if (this.closed) {
				throw new RateLimitBackendException("The Redis rate-limit backend is closed");
			}
			boolean failed = this.opening != null && this.opening.isDone() && this.open == null;
			if (this.opening == null
					|| (failed && System.nanoTime() - this.openingStartedNanos >= RETRY_INTERVAL_NANOS)) {
				this.openingStartedNanos = System.nanoTime();
				this.opening = this.opener.submit(this::open);
			}
			return this.opening;
		}
	}

	private Open open() {
		StatefulConnection<byte[], byte[]> connection;
		RedisClusterAsyncCommands<byte[], byte[]> commands;
		LettuceBasedProxyManager.LettuceBasedProxyManagerBuilder<byte[]> builder;
		synchronized (this.monitor) {
			if (this.closed) {
				throw new RateLimitBackendException("The Redis rate-limit backend is closed");
			}
		}
		AbstractRedisClient client = this.client.get();
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> clusterConnection = cluster.connect(ByteArrayCodec.INSTANCE);
			connection = clusterConnection;
			commands = clusterConnection.async();
			builder = LettuceBasedProxyManager.builderFor(clusterConnection.async());
		}
		else {
			StatefulRedisConnection<byte[], byte[]> redisConnection = ((RedisClient) client)
				.connect(ByteArrayCodec.INSTANCE);
			connection = redisConnection;
			commands = redisConnection.async();
			builder = LettuceBasedProxyManager.builderFor(redisConnection.async());
		}
		Open open = new Open(connection, commands, builder.withClientSideConfig(this.clientSideConfig).build());
		synchronized (this.monitor) {
			if (this.closed) {
				connection.close();
				throw new RateLimitBackendException("The Redis rate-limit backend is closed");
			}
			this.open = open;
		}
		return open;
	}

	/**
	 * Wait for a future until the deadline, turning every failure into a
	 * {@link RateLimitBackendException}.
	 * @param <T> the type of the result
	 * @param future the future
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return the result
	 */
	static <T> T await(Future<T> future, long deadlineNanos) {
		try {
			return future.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new RateLimitBackendException("Redis did not answer in time", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof RateLimitBackendException backendException) ? backendException
					: new RateLimitBackendException("Redis failed: " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while waiting for Redis", ex);
		}
	}

	@Override
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			if (this.open != null) {
				this.open.connection().close();
			}
		}
		// Let an attempt in flight end (it closes what it opened) before Lettuce's client
		// shuts down.
		this.opener.shutdown();
		try {
			this.opener.awaitTermination(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.opener.shutdownNow();
	}

	/**
	 * An open connection.
	 *
	 * @param connection the connection
	 * @param commands its asynchronous commands
	 * @param proxyManager bucket4j's proxy manager over it
	 */
	record Open(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands,
			ProxyManager<byte[]> proxyManager) {

		/**
		 * Check that Redis answers a PING by the deadline.
		 * @param deadlineNanos the {@link System#nanoTime()} to give up at
		 */
		void ping(long deadlineNanos) {
			String pong = await(this.commands.ping(), deadlineNanos);
			if (!"PONG".equalsIgnoreCase(pong)) {
				throw new RateLimitBackendException("Redis answered PING with " + pong);
			}
		}

	}

}
