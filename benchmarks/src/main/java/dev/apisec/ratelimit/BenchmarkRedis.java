package dev.apisec.ratelimit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * The Redis that the rate-limit benchmarks run against: the one at
 * {@code APISEC_TEST_REDIS_URL} when set, else the {@code redis-server} binary shipped in
 * the embedded-redis artifact, started on a free loopback port.
 */
final class BenchmarkRedis implements AutoCloseable {

	static final String URL_VARIABLE = "APISEC_TEST_REDIS_URL";

	private final RedisServer process;

	private final String url;

	private BenchmarkRedis(RedisServer process, String url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Use or start a Redis.
	 * @return the Redis
	 * @throws IllegalStateException with the reason when no Redis can be had, so that JMH
	 * reports it and goes on with the other benchmarks
	 */
	static BenchmarkRedis start() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			return new BenchmarkRedis(null, url);
		}
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = socket.getLocalPort();
			socket.close();
			RedisServer process = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			process.start();
			return new BenchmarkRedis(process, "redis://127.0.0.1:" + port);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Skipping the Redis benchmark: the redis-server of embedded-redis did not "
					+ "start on this machine (" + ex + "); set " + URL_VARIABLE + " to a Redis to run it", ex);
		}
	}

	String url() {
		return this.url;
	}

	@Override
	public void close() throws IOException {
		if (this.process != null) {
			this.process.stop();
		}
	}

}
