package dev.apisec.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class Bucket4jDefaultsEnvironmentPostProcessorTests {

	private final Bucket4jDefaultsEnvironmentPostProcessor postProcessor = new Bucket4jDefaultsEnvironmentPostProcessor();

	@Test
	void bucket4jStarterIsSwitchedOffWithoutBucket4jConfiguration() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("bucket4j.enabled")).isEqualTo("false");
	}

	@Test
	void bucket4jConfigurationOfTheApplicationIsLeftAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("app", Map.of("bucket4j.filters[0].url", "/api/.*")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("bucket4j.enabled")).isNull();
	}

	@Test
	void explicitEnablingWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("app", Map.of("bucket4j.enabled", "true")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("bucket4j.enabled")).isEqualTo("true");
	}

}
