package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.apisec.ratelimit.RateLimitBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's redis profile, as docs/sample.md runs it: two instances of the sample on
 * one real redis-server process share the catalog limit of an address, so together they
 * admit it once, not once each.
 */
class RetailRedisProfileTests {

	private static final int CATALOG_PER_MINUTE = 6;

	static RedisServer redis;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static RetailHttp[] instances;

	@BeforeAll
	static void startRedisAndTwoInstances() throws IOException {
		int redisPort = RetailHttp.freePort();
		redis = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(redisPort)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		redis.start();
		first = start(redisPort);
		second = start(redisPort);
		instances = new RetailHttp[] { new RetailHttp(port(first)), new RetailHttp(port(second)) };
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext start(int redisPort) {
		// Arguments, as on the command line of docs/sample.md: they win over
		// application.yml. The longer timeout keeps a slow moment of a busy test machine
		// from switching an instance to its local buckets (which would count differently)
		// in the middle of the count.
		return new SpringApplicationBuilder(RetailApplication.class).run("--spring.profiles.active=redis",
				"--server.port=0", "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
				"--retail.limits.catalog-per-minute=" + CATALOG_PER_MINUTE, "--apisec.rate-limit.redis.timeout=2s");
	}

	private static void awaitAvailable(RateLimitBackend backend) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				backend.checkAvailable();
				return;
			}
			catch (RuntimeException ex) {
				assertThat(System.nanoTime()).as("the instance reaches Redis in time").isLessThan(deadline);
				LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			}
		}
	}

	@AfterAll
	static void stopAll() throws IOException {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		redis.stop();
	}

	@Test
	void twoInstancesOnOneRedisShareOneCatalogLimit() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			RateLimitBackend backend = context.getBean(RateLimitBackend.class);
			assertThat(backend.name()).isEqualTo("redis");
			// Connected before counting: on a busy machine the very first decision can
			// miss the 500 ms timeout while the connection opens, and would then be
			// decided locally.
			awaitAvailable(backend);
		}
		// The JDBC repository is still assigned with Redis on the classpath.
		HttpResponse<String> product = instances[0].call("GET", "/api/products/1", null, null);
		assertThat(product.statusCode()).isEqualTo(200);
		assertThat(product.body()).contains("\"sku\"");
		assertThat(product.headers().firstValue("RateLimit").orElseThrow())
			.isEqualTo("\"catalog\";r=" + (CATALOG_PER_MINUTE - 1) + ";t=10");
		int admitted = 1;
		HttpResponse<String> last = null;
		for (int i = 1; i < 2 * CATALOG_PER_MINUTE; i++) {
			last = instances[i % 2].call("GET", "/api/products", null, null);
			assertThat(last.statusCode()).isIn(200, 429);
			if (last.statusCode() == 200) {
				admitted++;
			}
		}
		// Once between them, not once each.
		assertThat(admitted).isEqualTo(CATALOG_PER_MINUTE);
		assertThat(last.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"catalog\";r=0;");
		assertThat(instances[0].call("GET", "/api/products", null, null).statusCode()).isEqualTo(429);
		assertThat(instances[1].call("GET", "/api/products", null, null).statusCode()).isEqualTo(429);
	}

}
