package dev.apisec.actuate;

import dev.apisec.jwt.JwtAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class ApiSecActuatorAutoConfigurationTests {

	private static final String[] ISSUER = { "apisec.jwt.issuers[0].issuer-uri=https://idp.example",
			"apisec.jwt.issuers[0].jwk-set-uri=https://idp.example/jwks", "apisec.jwt.issuers[0].audiences=api" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiSecActuatorAutoConfiguration.class, JwtAutoConfiguration.class));

	@Test
	void emptyActuatorErrorsGetABodyUnderTheBasePathOnly() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					WebEndpointAutoConfiguration.class, ApiSecActuatorAutoConfiguration.class));
		web.run((context) -> assertThat(registration(context).getUrlPatterns()).containsExactly("/actuator/*"));
		web.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(registration(context).getUrlPatterns()).containsExactly("/manage/*"));
		// Endpoints at the root would put the whole application under the filter.
		web.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(registration(context).isEnabled()).isFalse());
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean("apisecEmptyActuatorErrorFilterRegistration"));
	}

	private static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context) {
		return context.getBean("apisecEmptyActuatorErrorFilterRegistration", FilterRegistrationBean.class);
	}

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
		this.contextRunner.withPropertyValues(ISSUER)
			.withPropertyValues("management.health.jwks.enabled=false")
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
