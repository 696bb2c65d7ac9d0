package dev.apisec.ratelimit;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Switches bucket4j-spring-boot-starter's own auto-configuration off unless the
 * application configures it. The starter brings bucket4j for its rate limiting, and
 * bucket4j-spring-boot-starter refuses to start without a {@code bucket4j.*} cache
 * configuration; an application that adds this starter must start with none. Any
 * {@code bucket4j.*} property of the application's keeps bucket4j's behaviour.
 */
public class Bucket4jDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "apisecBucket4jDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("bucket4j.") || name.startsWith("BUCKET4J_")) {
						return;
					}
				}
			}
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("bucket4j.enabled", "false")));
	}

	@Override
	public int getOrder() {
		// After the config data (application.yml) has been loaded.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
