package dev.apisec.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.util.ClassUtils;

/**
 * What the Redis backend needs, and the startup failure that names what is missing: a
 * dependency, the connection factory, or Lettuce as the factory's client. Names the
 * classes it looks for as strings only, since it runs when they may be missing.
 */
final class RedisBackendRequirements {

	static final String PROPERTY = "apisec.rate-limit.backend";

	private static final List<Dependency> DEPENDENCIES = List.of(
			new Dependency("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					"org.springframework.boot:spring-boot-starter-data-redis"),
			new Dependency("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core"),
			new Dependency("io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager",
					"com.bucket4j:bucket4j-redis (the version of bucket4j-core)"));

	private RedisBackendRequirements() {
	}

	/**
	 * Return the failure for a Redis backend that could not be created: the missing
	 * dependencies, or, with all of them, the missing connection factory.
	 * @param classLoader the application's class loader
	 * @return the failure
	 */
	static ApiSecConfigurationException unmet(ClassLoader classLoader) {
		List<String> missing = new ArrayList<>();
		for (Dependency dependency : DEPENDENCIES) {
			if (!ClassUtils.isPresent(dependency.className(), classLoader)) {
				missing.add(dependency.coordinates());
			}
		}
		if (missing.isEmpty()) {
			return new ApiSecConfigurationException(PROPERTY, "the Redis backend needs a RedisConnectionFactory",
					"Let Spring Boot configure Redis from spring.data.redis.* (do not exclude "
							+ "RedisAutoConfiguration), or set " + PROPERTY + "=memory.");
		}
		String dependencies = String.join(" and ", missing);
		return new ApiSecConfigurationException(PROPERTY,
				"the Redis backend needs " + dependencies + " on the classpath",
				"Add " + dependencies + ", or set " + PROPERTY + "=memory.");
	}

	/**
	 * Return the failure for a connection factory that is not Lettuce's.
	 * @param connectionFactory the application's connection factory
	 * @return the failure
	 */
	static ApiSecConfigurationException notLettuce(Object connectionFactory) {
		return new ApiSecConfigurationException(PROPERTY,
				"the Redis backend needs Lettuce, but the RedisConnectionFactory is a "
						+ connectionFactory.getClass().getName(),
				"Use Spring Boot's Lettuce connection factory (spring-boot-starter-data-redis with "
						+ "spring.data.redis.*, without excluding lettuce-core), or set " + PROPERTY + "=memory.");
	}

	/**
	 * A class the backend needs and the dependency that brings it.
	 */
	private record Dependency(String className, String coordinates) {

	}

}
