package dev.apisec.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.RateLimitTally;
import dev.apisec.test.RedisClusterTestServer;
import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis backend on a real Redis Cluster of three masters (redis-server processes
 * formed into a cluster by the test fixture), with two applications sharing it over real
 * HTTP: together they admit a client's limit once, whichever master holds its bucket,
 * also under concurrency, every request decided; a killed master lets requests through in
 * allow mode without any waiting longer than the timeout; once it is back the limit holds
 * again.
 */
class RedisClusterHttpTests {

	private static final int LIMIT = 50;

	// Long enough that no decision misses it on a busy machine: every request is decided.
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	// No answer waits longer than the timeout; the margin is for a busy machine.
	private static final Duration BOUND = TIMEOUT.plusSeconds(3);

	private static final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final RedisClusterTestServer cluster = RedisClusterTestServer.start(3);

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static Http[] apps;

	static int clients;

	@BeforeAll
	static void startApplications() {
		first = start();
		second = start();
		apps = new Http[] { http(first), http(second) };
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0",
				"spring.data.redis.cluster.nodes=" + cluster.nodes(), "apisec.authorization.rules[0].name=public",
				"apisec.authorization.rules[0].paths=/api/public/**", "apisec.authorization.rules[0].access=public",
				"apisec.rate-limit.backend=redis", "apisec.rate-limit.redis.timeout=" + TIMEOUT.toMillis() + "ms",
				"apisec.rate-limit.policies[0].name=hello", "apisec.rate-limit.policies[0].paths=/api/public/**",
				"apisec.rate-limit.policies[0].key=header:X-Client",
				"apisec.rate-limit.policies[0].limits[0].capacity=" + LIMIT,
				// A day, so that no token comes back during the outage of the killed
				// master.
				"apisec.rate-limit.policies[0].limits[0].period=1d", "management.endpoint.health.show-details=always")
			.run();
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((ServletWebServerApplicationContext) context).getWebServer().getPort());
	}

	@AfterAll
	static void stopAll() {
		first.close();
		second.close();
		cluster.close();
	}

	@BeforeEach
	void everyMasterDecidesForBothApplications() {
		for (int master = 0; master < 3; master++) {
			String probe = clientOn(master);
			for (Http app : apps) {
				// Without a RateLimit header the request was let through undecided (allow
				// mode).
				Await.until(() -> hello(app, probe).headers().firstValue("RateLimit").isPresent(),
						Duration.ofSeconds(60), "master " + master + " decides");
			}
		}
	}

	@Test
	void twoInstancesAdmitTheLimitOnceBetweenThemOnEveryMaster() {
		for (int master = 0; master < 3; master++) {
			String client = clientOn(master);
			RateLimitTally tally = new RateLimitTally(LIMIT, RedisClusterHttpTests::backendFailures);
			for (int i = 0; i < 6 * LIMIT; i++) {
				tally.add(hello(apps[i % 2], client));
			}
			tally.assertExactlyTheLimit(6 * LIMIT);
			assertThat(cluster.holds(master, redisKey(client))).isTrue();
		}
	}

	@Test
	void twoHundredConcurrentRequestsOnBothInstancesAdmitExactlyTheLimit() {
		String client = clientOn(1);
		RateLimitTally tally = new RateLimitTally(LIMIT, RedisClusterHttpTests::backendFailures);
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			responses.add(httpClient.sendAsync(request(apps[i % 2], client), HttpResponse.BodyHandlers.ofString()));
		}
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			tally.add(response.join());
		}
		tally.assertExactlyTheLimit(200);
	}

	private static long backendFailures() {
		return first.getBean(RateLimitFilter.class).getBackendFailures()
				+ second.getBean(RateLimitFilter.class).getBackendFailures();
	}

	@Test
	void killedMasterLetsRequestsThroughWithinTheTimeoutThenTheLimitHoldsAgain() {
		String onSurvivor = clientOn(0);
		String onVictim = clientOn(2);
		for (String client : new String[] { onSurvivor, onVictim }) {
			RateLimitTally tally = new RateLimitTally(LIMIT, RedisClusterHttpTests::backendFailures);
			for (int i = 0; i < 2 * LIMIT && tally.refused() == 0; i++) {
				tally.add(hello(apps[i % 2], client));
			}
			assertThat(tally.refused()).as("refused once the limit is used").isOne();
		}
		AtomicLong slowest = new AtomicLong();
		cluster.stop(2);
		try {
			// The survivors mark the cluster failed: every slot is refused, not only the
			// victim's.
			cluster.awaitState("fail");
			// Each decision on the dead master waits the timeout: a few suffice.
			for (int i = 0; i < 6; i++) {
				for (String client : new String[] { onSurvivor, onVictim }) {
					HttpResponse<String> response = timed(apps[i % 2], client, slowest);
					assertThat(response.statusCode()).isEqualTo(200);
					assertThat(response.headers().firstValue("RateLimit")).isEmpty();
				}
			}
			assertThat(Duration.ofNanos(slowest.get())).isLessThan(BOUND);
		}
		finally {
			cluster.restart(2);
		}
		cluster.awaitState("ok");
		String fresh = clientOn(2);
		for (Http app : apps) {
			Await.until(() -> hello(app, fresh).headers().firstValue("RateLimit").isPresent(), Duration.ofSeconds(60),
					"the restarted master decides");
		}
		// The surviving master kept its bucket; the restarted one is empty and limits
		// anew.
		assertThat(hello(apps[1], onSurvivor).statusCode()).isEqualTo(429);
		RateLimitTally tally = new RateLimitTally(LIMIT, RedisClusterHttpTests::backendFailures);
		for (int i = 0; i < 2 * LIMIT; i++) {
			tally.add(hello(apps[i % 2], onVictim));
		}
		tally.assertLimitHeld();
	}

	// A client name whose bucket lives on the given master, new for each call.
	private static synchronized String clientOn(int master) {
		while (true) {
			String name = "client-" + (clients++);
			if (cluster.masterOf(redisKey(name)) == master) {
				return name;
			}
		}
	}

	private static String redisKey(String client) {
		return "apisec:rate-limit:hello:header:" + client;
	}

	private static HttpResponse<String> timed(Http app, String clientName, AtomicLong slowest) {
		long start = System.nanoTime();
		HttpResponse<String> response = hello(app, clientName);
		slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
		return response;
	}

	private static HttpResponse<String> hello(Http app, String clientName) {
		HttpResponse<String> response = app.send(request(app, clientName));
		assertThat(response.statusCode()).isNotEqualTo(500);
		return response;
	}

	private static HttpRequest request(Http app, String clientName) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/public/hello"))
			.header("X-Client", clientName)
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
	}

}
