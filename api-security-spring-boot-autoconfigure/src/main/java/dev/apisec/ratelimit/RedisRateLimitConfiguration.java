package dev.apisec.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * The Redis backend, on the Lettuce connection factory that Spring Boot configures from
 * {@code spring.data.redis.*}. Without spring-data-redis, Lettuce or bucket4j-redis,
 * startup fails naming the missing dependency rather than falling back to memory, which
 * would silently multiply the limits by the number of instances.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "apisec.rate-limit.backend", havingValue = "redis")
class RedisRateLimitConfiguration {

	private static final String PROPERTY = "apisec.rate-limit.backend";

	// Processed after the nested configuration, so it only runs when that one did not
	// apply:
	// a dependency or the connection factory is missing.
	@Bean
	@ConditionalOnMissingBean(RateLimitBackend.class)
	RateLimitBackend apisecUnavailableRedisRateLimitBackend(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		List<String> missing = new ArrayList<>();
		addIfMissing(missing, classLoader, "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
				"org.springframework.boot:spring-boot-starter-data-redis");
		addIfMissing(missing, classLoader, "io.lettuce.core.RedisClient", "io.lettuce:lettuce-core");
		addIfMissing(missing, classLoader, "io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager",
				"com.bucket4j:bucket4j-redis (the version of bucket4j-core)");
		if (missing.isEmpty()) {
			throw new ApiSecConfigurationException(PROPERTY, "the Redis backend needs a RedisConnectionFactory",
					"Let Spring Boot configure Redis from spring.data.redis.* (do not exclude "
							+ "RedisAutoConfiguration), or set " + PROPERTY + "=memory.");
		}
		String dependencies = String.join(" and ", missing);
		throw new ApiSecConfigurationException(PROPERTY,
				"the Redis backend needs " + dependencies + " on the classpath",
				"Add " + dependencies + ", or set " + PROPERTY + "=memory.");
	}

	private static void addIfMissing(List<String> missing, ClassLoader classLoader, String className,
			String dependency) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			missing.add(dependency);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClient.class, LettuceBasedProxyManager.class })
	static class LettuceBackendConfiguration {

		// A direct dependency on the factory, so that the backend closes before Lettuce
		// shuts down.
		@Bean
		@ConditionalOnMissingBean(RateLimitBackend.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		RedisRateLimitBackend apisecRedisRateLimitBackend(RateLimitProperties properties, RateLimitPolicies policies,
				RedisConnectionFactory connectionFactory) {
			if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
				throw new ApiSecConfigurationException(PROPERTY,
						"the Redis backend needs Lettuce, but the RedisConnectionFactory is a "
								+ connectionFactory.getClass().getName(),
						"Use Spring Boot's Lettuce connection factory (spring-boot-starter-data-redis with "
								+ "spring.data.redis.*, without excluding lettuce-core), or set " + PROPERTY
								+ "=memory.");
			}
			RedisRateLimitBackend backend = new RedisRateLimitBackend(lettuce::getRequiredNativeClient,
					properties.getRedis(), properties.getMaxKeys(), policies.longestPeriod());
			backend.connectInBackground();
			return backend;
		}

	}

}
