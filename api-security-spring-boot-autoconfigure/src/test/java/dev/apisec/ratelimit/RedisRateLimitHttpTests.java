package dev.apisec.ratelimit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.apisec.test.Http;
import dev.apisec.test.RedisTestServer;
import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis backend over real HTTP and a real Redis: the limit is exact, and two
 * application instances on one Redis share it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext // Its Redis is stopped after the class; a cached context would keep
				// reconnecting.
class RedisRateLimitHttpTests {

	static final RedisTestServer redis = RedisTestServer.start();

	// Keys of this run only, should the Redis be shared (APISEC_TEST_REDIS_URL).
	static final String KEY_PREFIX = "http-tests:" + UUID.randomUUID() + ":";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.url", redis.url());
		properties.put("apisec.authorization.rules[0].name", "public");
		properties.put("apisec.authorization.rules[0].paths", "/api/public/**");
		properties.put("apisec.authorization.rules[0].access", "public");
		properties.put("apisec.rate-limit.backend", "redis");
		properties.put("apisec.rate-limit.redis.key-prefix", KEY_PREFIX);
		properties.put("apisec.rate-limit.policies[0].name", "hello");
		properties.put("apisec.rate-limit.policies[0].paths", "/api/public/**");
		properties.put("apisec.rate-limit.policies[0].key", "header:X-Client");
		properties.put("apisec.rate-limit.policies[0].limits[0].capacity", "5");
		properties.put("apisec.rate-limit.policies[0].limits[0].period", "1h");
		// Generous for a shared test machine; the outage tests check the default-sized
		// timeout.
		properties.put("apisec.rate-limit.redis.timeout", "2s");
		properties.put("management.endpoint.health.show-details", "always");
		return properties;
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	private final Http http;

	RedisRateLimitHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void requestsBeyondTheLimitAreRefusedWith429() {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = hello(this.http, "exact");
			assertThat(response.statusCode()).isEqualTo(200);
			// Five per hour: every token taken is 720 s of refill.
			assertThat(response.headers().firstValue("RateLimit"))
				.hasValue("\"hello\";r=" + (4 - i) + ";t=" + 720 * (i + 1));
		}
		HttpResponse<String> refused = hello(this.http, "exact");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(hello(this.http, "another-client").statusCode()).isEqualTo(200);
	}

	@Test
	void twoInstancesOnOneRedisAdmitTheLimitOnceBetweenThem() throws Exception {
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TestApplication.class)
			.properties(properties())
			.properties("server.port=0")
			.run()) {
			Http secondHttp = new Http(((ServletWebServerApplicationContext) second).getWebServer().getPort());
			ExecutorService clients = Executors.newFixedThreadPool(8);
			try {
				List<Future<Integer>> statuses = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					Http instance = (i % 2 == 0) ? this.http : secondHttp;
					statuses.add(clients.submit(() -> hello(instance, "shared").statusCode()));
				}
				List<Integer> results = new ArrayList<>();
				for (Future<Integer> status : statuses) {
					results.add(status.get());
				}
				assertThat(results).containsOnly(200, 429).filteredOn((status) -> status == 200).hasSize(5);
			}
			finally {
				clients.shutdownNow();
			}
		}
	}

	@Test
	void healthShowsTheRedisBackendUp() {
		HttpResponse<String> health = this.http.get("/actuator/health/apisecRateLimit", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"backend\":\"redis\"", "\"backendFailures\":");
	}

	static HttpResponse<String> hello(Http http, String client) {
		return http.send(http.request("/api/public/hello")
			.header("X-Client", client)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build());
	}

}
