package dev.apisec.ratelimit;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis backend. (Placeholder until the Lettuce-based backend lands: fails startup with
 * a clear message.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "apisec.rate-limit.backend", havingValue = "redis")
class RedisRateLimitConfiguration {

	@Bean
	@ConditionalOnMissingBean(RateLimitBackend.class)
	RateLimitBackend apisecRedisRateLimitBackend() {
		throw new ApiSecConfigurationException("apisec.rate-limit.backend", "the Redis backend is not available yet",
				"Use apisec.rate-limit.backend=memory.");
	}

}
