package dev.apisec.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RegisteredFailureAnalyzers;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the Redis backend's configuration in {@link RateLimitAutoConfiguration}, and
 * for the rate-limit health indicator. No Redis runs here: the backend must start without
 * one.
 */
class RedisRateLimitConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RedisAutoConfiguration.class))
		.withPropertyValues("apisec.rate-limit.policies[0].name=api", "apisec.rate-limit.policies[0].paths=/api/**",
				"apisec.rate-limit.policies[0].limits[0].capacity=10",
				"apisec.rate-limit.policies[0].limits[0].period=1m");

	@Test
	void redisBackendStartsWhileRedisIsDownAndFailsDecisionsWithinTheTimeout() {
		this.contextRunner
			.withPropertyValues("apisec.rate-limit.backend=redis", "spring.data.redis.port=" + closedPort(),
					"apisec.rate-limit.redis.timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisRateLimitBackend.class);
				RateLimitBackend backend = context.getBean(RateLimitBackend.class);
				RateLimitPolicy policy = context.getBean(RateLimitPolicies.class).policies().get(0);
				long start = System.nanoTime();
				assertThatExceptionOfType(RateLimitBackendException.class)
					.isThrownBy(() -> backend.tryConsume(policy, "ip:127.0.0.1"));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			});
	}

	@Test
	void memoryIsTheDefaultBackend() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(MemoryRateLimitBackend.class)
			.doesNotHaveBean(RedisRateLimitBackend.class));
	}

	@Test
	void redisBackendBacksOffWhenTheApplicationDefinesABackend() {
		this.contextRunner.withPropertyValues("apisec.rate-limit.backend=redis")
			.withUserConfiguration(OwnBackendConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RateLimitBackend.class)
				.hasBean("ownBackend")
				.doesNotHaveBean(RedisRateLimitBackend.class));
	}

	@Test
	void redisBackendWithoutBucket4jRedisFailsNamingTheDependency() {
		assertMissingDependency(new FilteredClassLoader(LettuceBasedProxyManager.class), "com.bucket4j:bucket4j-redis");
	}

	@Test
	void redisBackendWithoutLettuceFailsNamingTheDependency() {
		assertMissingDependency(new FilteredClassLoader(RedisClient.class), "io.lettuce:lettuce-core");
	}

	@Test
	void redisBackendWithoutSpringDataRedisFailsNamingTheDependency() {
		assertMissingDependency(new FilteredClassLoader("org.springframework.data.redis."),
				"org.springframework.boot:spring-boot-starter-data-redis");
	}

	private void assertMissingDependency(FilteredClassLoader classLoader, String dependency) {
		this.contextRunner.withClassLoader(classLoader)
			.withPropertyValues("apisec.rate-limit.backend=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ApiSecConfigurationException.class)
					.hasMessageContaining("'apisec.rate-limit.backend'")
					.hasMessageContaining(dependency);
				FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("Add " + dependency)
					.contains("apisec.rate-limit.backend=memory");
			});
	}

	@Test
	void redisBackendWithoutLettuceConnectionFactoryFailsAtStartup() {
		this.contextRunner.withPropertyValues("apisec.rate-limit.backend=redis")
			.withUserConfiguration(OtherConnectionFactoryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ApiSecConfigurationException.class)
					.hasMessageContaining("'apisec.rate-limit.backend'")
					.hasMessageContaining("needs Lettuce");
			});
	}

	@Test
	void redisBackendWithoutConnectionFactoryFailsAtStartup() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class))
			.withPropertyValues("apisec.rate-limit.backend=redis", "apisec.rate-limit.policies[0].name=api",
					"apisec.rate-limit.policies[0].paths=/api/**",
					"apisec.rate-limit.policies[0].limits[0].capacity=10",
					"apisec.rate-limit.policies[0].limits[0].period=1m")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ApiSecConfigurationException.class)
					.hasMessageContaining("'apisec.rate-limit.backend'")
					.hasMessageContaining("needs a RedisConnectionFactory");
			});
	}

	@Test
	void healthIndicatorReportsTheBackendAndItsFailures() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("apisecRateLimitHealthIndicator");
			Health health = context.getBean("apisecRateLimitHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("backend", "memory").containsEntry("backendFailures", 0L);
		});
	}

	@Test
	void healthIndicatorIsDownWhileRedisIsDown() {
		this.contextRunner
			.withPropertyValues("apisec.rate-limit.backend=redis", "spring.data.redis.port=" + closedPort(),
					"apisec.rate-limit.redis.timeout=1s")
			.run((context) -> {
				Health health = context.getBean("apisecRateLimitHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("backend", "redis").containsKey("error");
			});
	}

	@Test
	void healthIndicatorInLocalModeStaysUpWhileRedisIsDownAndSaysSo() {
		this.contextRunner
			.withPropertyValues("apisec.rate-limit.backend=redis", "spring.data.redis.port=" + closedPort(),
					"apisec.rate-limit.redis.timeout=1s", "apisec.rate-limit.on-backend-failure=local")
			.run((context) -> {
				Health health = context.getBean("apisecRateLimitHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("backend", "redis")
					.containsEntry("backendAvailable", false)
					.doesNotContainKey("error");
			});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.apisecratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitBackendHealthIndicator.class));
	}

	@Test
	void healthIndicatorNeedsTheActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimitBackendHealthIndicator.class));
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBackendConfiguration {

		@Bean
		RateLimitBackend ownBackend() {
			return new MemoryRateLimitBackend(10, Duration.ofMinutes(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherConnectionFactoryConfiguration {

		// Stands for a Jedis connection factory; never used.
		@Bean
		RedisConnectionFactory otherConnectionFactory() {
			return (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisConnectionFactory.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						case "toString" -> "otherConnectionFactory";
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
