package dev.apisec.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import redis.embedded.RedisServer;

import org.springframework.util.StringUtils;

/**
 * A real Redis for tests: the {@code redis-server} binary that the embedded-redis
 * artifact ships, run as a process on a free loopback port, or the Redis at
 * {@code APISEC_TEST_REDIS_URL} when that is set. Only a process of our own can be
 * stopped and started again.
 */
public final class RedisTestServer implements AutoCloseable {

	/** Environment variable with the URL of a Redis to use instead of starting one. */
	public static final String URL_VARIABLE = "APISEC_TEST_REDIS_URL";

	private final RedisServer process;

	private final URI uri;

	private RedisTestServer(RedisServer process, URI uri) {
		this.process = process;
		this.uri = uri;
	}

	/**
	 * Use the Redis at {@code APISEC_TEST_REDIS_URL}, or start one.
	 * @return the server
	 */
	public static RedisTestServer start() {
		String url = System.getenv(URL_VARIABLE);
		return StringUtils.hasText(url) ? new RedisTestServer(null, URI.create(url)) : startProcess();
	}

	/**
	 * Start a {@code redis-server} process of our own, which tests may stop.
	 * @return the server
	 */
	public static RedisTestServer startProcess() {
		int port = freePort();
		try {
			RedisServer process = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			process.start();
			return new RedisTestServer(process, URI.create("redis://127.0.0.1:" + port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server from embedded-redis", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return this.uri.toString();
	}

	public String host() {
		return this.uri.getHost();
	}

	public int port() {
		return (this.uri.getPort() != -1) ? this.uri.getPort() : 6379;
	}

	/**
	 * Stop the process, as an outage would; its data is lost.
	 */
	public void stop() {
		try {
			requireProcess().stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start the process again on the same port, empty.
	 */
	public void restart() {
		try {
			requireProcess().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private RedisServer requireProcess() {
		if (this.process == null) {
			throw new IllegalStateException("Redis at " + URL_VARIABLE + " cannot be stopped by the tests");
		}
		return this.process;
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isActive()) {
			stop();
		}
	}

}
