package dev.apisec.ratelimit;

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

/**
 * The Redis backend, on the Lettuce connection factory that Spring Boot configures from
 * {@code spring.data.redis.*}. Without spring-data-redis, Lettuce or bucket4j-redis,
 * startup fails naming the missing dependency ({@link RedisBackendRequirements}) rather
 * than falling back to memory, which would silently multiply the limits by the number of
 * instances.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = RedisBackendRequirements.PROPERTY, havingValue = "redis")
class RedisRateLimitConfiguration {

	// Processed after the nested configuration, so it only runs when that one did not
	// apply: a dependency or the connection factory is missing.
	@Bean
	@ConditionalOnMissingBean(RateLimitBackend.class)
	RateLimitBackend apisecUnavailableRedisRateLimitBackend(ResourceLoader resourceLoader) {
		throw RedisBackendRequirements.unmet(resourceLoader.getClassLoader());
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
				throw RedisBackendRequirements.notLettuce(connectionFactory);
			}
			RedisRateLimitBackend backend = new RedisRateLimitBackend(lettuce::getRequiredNativeClient,
					properties.getRedis(), properties.getMaxKeys(), policies.longestPeriod());
			backend.connectInBackground();
			return backend;
		}

	}

}
