package dev.apisec.ratelimit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.RedisTestServer;
import dev.apisec.test.TestApplication;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis outage over real HTTP, with two applications on one Redis process of our own:
 * one in allow mode, one in deny mode, both with the default timeout. With Redis stopped
 * or paused mid-test, each gives its failure mode within a bounded time and never a 500;
 * health reports the outage, and decisions return to Redis once it is back.
 */
class RedisOutageHttpTests {

	// Bounded wait: the 500 ms default timeout plus a wide margin for a busy machine.
	private static final Duration BOUND = Duration.ofSeconds(2);

	static final RedisTestServer redis = RedisTestServer.startProcess();

	static ConfigurableApplicationContext allowing;

	static ConfigurableApplicationContext denying;

	static Http allow;

	static Http deny;

	@BeforeAll
	static void startApplications() {
		allowing = start("allow");
		denying = start("deny");
		allow = new Http(((ServletWebServerApplicationContext) allowing).getWebServer().getPort());
		deny = new Http(((ServletWebServerApplicationContext) denying).getWebServer().getPort());
	}

	private static ConfigurableApplicationContext start(String onBackendFailure) {
		return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0",
				"spring.data.redis.url=" + redis.url(), "apisec.authorization.rules[0].name=public",
				"apisec.authorization.rules[0].paths=/api/public/**", "apisec.authorization.rules[0].access=public",
				"apisec.rate-limit.backend=redis", "apisec.rate-limit.on-backend-failure=" + onBackendFailure,
				"apisec.rate-limit.policies[0].name=hello", "apisec.rate-limit.policies[0].paths=/api/public/**",
				"apisec.rate-limit.policies[0].limits[0].capacity=1000",
				"apisec.rate-limit.policies[0].limits[0].period=1h", "management.endpoint.health.show-details=always")
			.run();
	}

	@AfterAll
	static void stopAll() {
		allowing.close();
		denying.close();
		redis.close();
	}

	@BeforeEach
	void redisIsUp() {
		for (Http app : new Http[] { allow, deny }) {
			Await.until(() -> app.get("/actuator/health/apisecRateLimit", null).statusCode() == 200,
					Duration.ofSeconds(30), "the rate-limit backend is up");
		}
		assertThat(hello(allow).statusCode()).isEqualTo(200);
		assertThat(hello(deny).statusCode()).isEqualTo(200);
	}

	@Test
	void stoppedRedisLetsRequestsThroughInAllowMode() {
		redis.stop();
		try {
			for (int i = 0; i < 5; i++) {
				assertThat(timed(() -> hello(allow)).statusCode()).isEqualTo(200);
			}
			HttpResponse<String> health = allow.get("/actuator/health/apisecRateLimit", null);
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"backend\":\"redis\"")
				.doesNotContain("\"backendFailures\":0");
		}
		finally {
			redis.restart();
		}
	}

	@Test
	void stoppedRedisRefusesRequestsWith503ProblemInDenyMode() {
		redis.stop();
		try {
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> response = timed(() -> hello(deny));
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(response.body()).contains("\"status\":503");
			}
		}
		finally {
			redis.restart();
		}
	}

	@Test
	void pausedRedisTimesOutInBoundedTimeInBothModes() {
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			// Redis holds every client's commands, as a hung server would, then resumes
			// by itself.
			connection.sync().clientPause(1500);
			assertThat(timed(() -> hello(allow)).statusCode()).isEqualTo(200);
			assertThat(timed(() -> hello(deny)).statusCode()).isEqualTo(503);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void decisionsReturnToRedisOnceItIsBack() {
		redis.stop();
		assertThat(timed(() -> hello(deny)).statusCode()).isEqualTo(503);
		redis.restart();
		Await.until(() -> hello(deny).statusCode() == 200, Duration.ofSeconds(30), "deny mode admits again");
		// The restarted Redis is empty: a new bucket, charged by the request that got
		// through.
		assertThat(hello(deny).headers().firstValue("RateLimit")).hasValue("\"hello\";r=998;t=8");
	}

	private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
		long start = System.nanoTime();
		HttpResponse<String> response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
		assertThat(response.statusCode()).isNotEqualTo(500);
		return response;
	}

	private static HttpResponse<String> hello(Http http) {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api/public/hello"))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build());
	}

}
