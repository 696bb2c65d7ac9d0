package dev.apisec.ratelimit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.RedisTestServer;
import dev.apisec.test.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code on-backend-failure: local} over real HTTP with a redis-server process of our own
 * that the test stops and starts again: while Redis is gone the application keeps
 * limiting with its own buckets at the configured share, without waiting for Redis longer
 * than its timeout, says so once in the log, in a counter and in health (which stays UP:
 * the instance still serves), and goes back to the shared buckets once Redis answers
 * again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisLocalFallbackHttpTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	// While local, only the probe of each second waits for Redis, at most the timeout;
	// the margin is for a busy machine. A hang would wait for the 10 s client timeout.
	private static final Duration BOUND = TIMEOUT.plusSeconds(4);

	static final RedisTestServer redis = RedisTestServer.startProcess();

	static ConfigurableApplicationContext application;

	static Http http;

	@BeforeAll
	static void startApplication() {
		application = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.data.redis.url=" + redis.url(),
					"apisec.authorization.rules[0].name=public", "apisec.authorization.rules[0].paths=/api/public/**",
					"apisec.authorization.rules[0].access=public", "apisec.rate-limit.backend=redis",
					"apisec.rate-limit.on-backend-failure=local", "apisec.rate-limit.local-fallback.share=0.5",
					"apisec.rate-limit.redis.timeout=" + TIMEOUT.toMillis() + "ms",
					"apisec.rate-limit.policies[0].name=hello", "apisec.rate-limit.policies[0].paths=/api/public/**",
					"apisec.rate-limit.policies[0].limits[0].capacity=10",
					"apisec.rate-limit.policies[0].limits[0].period=1h",
					"management.endpoint.health.show-details=always",
					// Boot's own indicator of the Redis connection is DOWN during the
					// outage.
					"management.health.redis.enabled=false")
			.run();
		http = new Http(((ServletWebServerApplicationContext) application).getWebServer().getPort());
		Await.until(() -> http.get("/actuator/health/apisecRateLimit", null).statusCode() == 200,
				Duration.ofSeconds(30), "the rate-limit backend is up");
	}

	@AfterAll
	static void stopAll() {
		application.close();
		redis.close();
	}

	@Test
	void redisOutageIsLimitedByLocalBucketsAtTheShareThenLimitsAreSharedAgain(CapturedOutput output) {
		assertThat(hello().statusCode()).isEqualTo(200);
		assertThat(hello().headers().firstValue("RateLimit")).hasValue("\"hello\";r=8;t=720");
		assertThat(health().body()).contains("\"status\":\"UP\"", "\"decidingBy\":\"redis\"", "\"switchesToLocal\":0");

		redis.stop();
		try {
			// A fresh local bucket at half the limit: 5, whatever Redis had counted.
			for (int i = 0; i < 5; i++) {
				assertThat(timedHello().statusCode()).isEqualTo(200);
			}
			HttpResponse<String> refused = timedHello();
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.body()).contains("Rate limit 'hello' exceeded");
			// Still serving, with its own limits: not a reason to take the instance out
			// of rotation.
			HttpResponse<String> health = health();
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"", "\"decidingBy\":\"local\"", "\"switchesToLocal\":1",
					"\"backendAvailable\":false");
			assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
			assertThat(switches("local")).isEqualTo(1);
			assertThat(occurrences(output.toString(), "limiting with this instance's own buckets at 50 %")).isOne();
		}
		finally {
			redis.restart();
		}

		// The local bucket is empty, so the first 200 is a decision of the restarted
		// Redis.
		Await.until(() -> hello().statusCode() == 200, Duration.ofSeconds(30), "Redis decides again");
		assertThat(hello().headers().firstValue("RateLimit")).hasValue("\"hello\";r=8;t=720");
		assertThat(health().body()).contains("\"status\":\"UP\"", "\"decidingBy\":\"redis\"", "\"switchesToLocal\":1");
		assertThat(switches("redis")).isEqualTo(1);
		assertThat(occurrences(output.toString(), "limiting with this instance's own buckets")).isOne();
		assertThat(occurrences(output.toString(), "decides again; back to its shared buckets")).isOne();
	}

	private static double switches(String to) {
		return application.getBean(MeterRegistry.class)
			.get("apisec.ratelimit.backend.switches")
			.tag("to", to)
			.counter()
			.count();
	}

	private static HttpResponse<String> health() {
		return http.get("/actuator/health/apisecRateLimit", null);
	}

	private static HttpResponse<String> timedHello() {
		long start = System.nanoTime();
		HttpResponse<String> response = hello();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
		return response;
	}

	private static HttpResponse<String> hello() {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api/public/hello"))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build());
		assertThat(response.statusCode()).isNotEqualTo(500);
		return response;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

}
