package dev.apisec.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.RateLimitTally;
import dev.apisec.test.TestApplication;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis backend behind Sentinel, with real processes: a master, its replica and a
 * sentinel (redis-server --sentinel), and two applications that find the master through
 * the sentinel. They share one limit; when the master is killed the sentinel promotes the
 * replica, the applications follow it, and the buckets replicated to it keep limiting.
 */
class RedisSentinelHttpTests {

	private static final int LIMIT = 20;

	static RedisServer master;

	static RedisServer replica;

	static RedisSentinel sentinel;

	static int masterPort;

	static int replicaPort;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static Http[] apps;

	@BeforeAll
	static void startRedisAndApplications() throws IOException {
		int[] ports = freePorts(3);
		masterPort = ports[0];
		replicaPort = ports[1];
		int sentinelPort = ports[2];
		master = server(masterPort).build();
		master.start();
		replica = server(replicaPort).slaveOf("127.0.0.1", masterPort).build();
		replica.start();
		sentinel = RedisSentinel.newRedisSentinel()
			.bind("127.0.0.1")
			.port(sentinelPort)
			.masterName("apisec")
			.masterPort(masterPort)
			.quorumSize(1)
			.downAfterMilliseconds(1000)
			.failOverTimeout(5000)
			.build();
		sentinel.start();
		first = start(sentinelPort);
		second = start(sentinelPort);
		apps = new Http[] { http(first), http(second) };
	}

	private static RedisServerBuilder server(int port) {
		return RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").setting("appendonly no");
	}

	private static ConfigurableApplicationContext start(int sentinelPort) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.data.redis.sentinel.master=apisec",
					"spring.data.redis.sentinel.nodes=127.0.0.1:" + sentinelPort,
					"apisec.authorization.rules[0].name=public", "apisec.authorization.rules[0].paths=/api/public/**",
					"apisec.authorization.rules[0].access=public", "apisec.rate-limit.backend=redis",
					"apisec.rate-limit.policies[0].name=hello", "apisec.rate-limit.policies[0].paths=/api/public/**",
					"apisec.rate-limit.policies[0].key=header:X-Client",
					"apisec.rate-limit.policies[0].limits[0].capacity=" + LIMIT,
					"apisec.rate-limit.policies[0].limits[0].period=1h")
			.run();
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((ServletWebServerApplicationContext) context).getWebServer().getPort());
	}

	@AfterAll
	static void stopAll() throws IOException {
		first.close();
		second.close();
		sentinel.stop();
		for (RedisServer server : new RedisServer[] { master, replica }) {
			if (server.isActive()) {
				server.stop();
			}
		}
	}

	@Test
	void twoInstancesShareOneLimitThroughSentinelAndKeepItAfterAFailover() throws IOException {
		for (Http app : apps) {
			Await.until(() -> hello(app, "probe").headers().firstValue("RateLimit").isPresent(), Duration.ofSeconds(60),
					"the master found through the sentinel decides");
		}
		RateLimitTally alice = new RateLimitTally(LIMIT, RedisSentinelHttpTests::backendFailures);
		for (int i = 0; i < 3 * LIMIT; i++) {
			alice.add(hello(apps[i % 2], "alice"));
		}
		alice.assertLimitHeld();
		// The replica has alice's bucket before its master goes.
		Long replicas = command(masterPort, (redis) -> redis.sync().waitForReplication(1, 5000));
		assertThat(replicas).isOne();

		master.stop();
		Await.until(() -> isMaster(replicaPort), Duration.ofSeconds(60), "the sentinel promotes the replica");
		for (Http app : apps) {
			Await.until(() -> hello(app, "probe-" + app.port()).headers().firstValue("RateLimit").isPresent(),
					Duration.ofSeconds(60), "the applications follow the promoted replica");
		}
		// alice's bucket came over with the replica: still limited, on both applications.
		assertThat(hello(apps[0], "alice").statusCode()).isEqualTo(429);
		assertThat(hello(apps[1], "alice").statusCode()).isEqualTo(429);
		RateLimitTally bob = new RateLimitTally(LIMIT, RedisSentinelHttpTests::backendFailures);
		for (int i = 0; i < 3 * LIMIT; i++) {
			bob.add(hello(apps[i % 2], "bob"));
		}
		bob.assertLimitHeld();
	}

	private static long backendFailures() {
		return first.getBean(RateLimitFilter.class).getBackendFailures()
				+ second.getBean(RateLimitFilter.class).getBackendFailures();
	}

	// The sentinel closes the clients of a node it reconfigures: a reset connection is
	// "not yet".
	private static boolean isMaster(int port) {
		try {
			return command(port, (redis) -> redis.sync().info("replication")).contains("role:master");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static HttpResponse<String> hello(Http app, String clientName) {
		HttpResponse<String> response = app
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/public/hello"))
				.header("X-Client", clientName)
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build());
		assertThat(response.statusCode()).isNotEqualTo(500);
		return response;
	}

	private static <T> T command(int port, Function<StatefulRedisConnection<String, String>, T> action) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return action.apply(connection);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	// Held open together, so that the three differ.
	private static int[] freePorts(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					if (socket != null) {
						socket.close();
					}
				}
				catch (IOException ex) {
					// Closed anyway at exit.
				}
			}
		}
	}

}
