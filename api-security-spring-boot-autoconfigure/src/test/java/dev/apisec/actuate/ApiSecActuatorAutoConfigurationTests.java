package dev.apisec.actuate;

import dev.apisec.jwt.JwtAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ApiSecActuatorAutoConfigurationTests {

	private static final String[] ISSUER = { "apisec.jwt.issuers[0].issuer-uri=https://idp.example",
			"apisec.jwt.issuers[0].jwk-set-uri=https://idp.example/jwks", "apisec.jwt.issuers[0].audiences=api" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiSecActuatorAutoConfiguration.class, JwtAutoConfiguration.class));

	@Test
	void endpointNeedsToBeExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ApiSecEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=apisec")
			.run((context) -> assertThat(context).hasSingleBean(ApiSecEndpoint.class));
	}

	@Test
	void jwksHealthIndicatorWithIssuers() {
		this.contextRunner.withPropertyValues(ISSUER)
			.run((context) -> assertThat(context).hasBean("jwksHealthIndicator"));
	}

	@Test
	void jwksHealthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues(ISSUER).withPropertyValues("management.health.jwks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JwksHealthIndicator.class));
	}

	@Test
	void noJwtBeansWithoutIssuers() {
		this.contextRunner.withPropertyValues("apisec.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JwksHealthIndicator.class)
				.doesNotHaveBean(JwtMetrics.class));
	}

	@Test
	void metricsOnlyWithAMeterRegistry() {
		this.contextRunner.withPropertyValues(ISSUER)
			.run((context) -> assertThat(context).doesNotHaveBean(JwtMetrics.class)
				.doesNotHaveBean(AuthorizationDeniedMetrics.class)
				.doesNotHaveBean(AuthenticationEventMetrics.class));
		this.contextRunner.withPropertyValues(ISSUER)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(JwtMetrics.class)
				.hasSingleBean(AuthorizationDeniedMetrics.class)
				.hasSingleBean(AuthenticationEventMetrics.class));
	}

	@Test
	void backsOffWithoutTheActuator() {
		this.contextRunner.withPropertyValues(ISSUER)
			.withPropertyValues("management.endpoints.web.exposure.include=apisec")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ApiSecEndpoint.class)
				.doesNotHaveBean(JwksHealthIndicator.class));
	}

}
