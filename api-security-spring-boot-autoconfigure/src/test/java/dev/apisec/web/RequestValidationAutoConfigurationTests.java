package dev.apisec.web;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.RegisteredFailureAnalyzers;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConverters;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestValidationAutoConfiguration}.
 */
class RequestValidationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestValidationAutoConfiguration.class,
				ProblemResponseAutoConfiguration.class, WebMvcAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void defaultsLimitBodiesAndReadJsonStrictly() {
		this.contextRunner.run((context) -> {
			RequestValidationProperties properties = context.getBean(RequestValidationProperties.class);
			assertThat(properties.isStrictJson()).isTrue();
			assertThat(properties.getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(context.getBean(RequestBodyLimitFilter.class).getMaxBodySize()).isEqualTo(1024 * 1024);
			ObjectMapper mvc = mvcJsonConverter(context).getObjectMapper();
			assertThat(mvc.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
			assertThat(mvc.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isTrue();
			StreamReadConstraints constraints = mvc.getFactory().streamReadConstraints();
			assertThat(constraints.getMaxNestingDepth()).isEqualTo(64);
			assertThat(constraints.getMaxStringLength()).isEqualTo(100_000);
			assertThat(constraints.getMaxNumberLength()).isEqualTo(100);
			assertThatExceptionOfType(HttpMessageNotReadableException.class)
				.isThrownBy(() -> read(mvcJsonConverter(context), "{\"quantity\":1,\"admin\":true}"))
				.withCauseInstanceOf(UnrecognizedPropertyException.class);
			assertThatExceptionOfType(HttpMessageNotReadableException.class)
				.isThrownBy(() -> read(mvcJsonConverter(context), "{\"quantity\":1,\"quantity\":2}"));
		});
	}

	@Test
	void filterIsRegisteredBeforeEveryFilterThatReadsBodiesForRequestDispatchOnly() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("apisecRequestBodyLimitFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isSameAs(context.getBean(RequestBodyLimitFilter.class));
			assertThat(registration.getFilterName()).isEqualTo("apisecRequestBodyLimitFilter");
			assertThat(registration.getOrder()).isEqualTo(ApiSecFilterOrder.REQUEST_BODY_LIMIT)
				.isLessThan(-9900) // FormContentFilter
				.isLessThan(-100); // Spring Security
			assertThat(registration.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
		});
	}

	@Test
	void applicationObjectMapperAndSharedConvertersStayTolerant() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ObjectMapper.class).isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
				.isFalse();
			// The converters RestClient and RestTemplate builders use: other services'
			// responses may grow.
			MappingJackson2HttpMessageConverter shared = context.getBean(HttpMessageConverters.class)
				.getConverters()
				.stream()
				.filter(MappingJackson2HttpMessageConverter.class::isInstance)
				.map(MappingJackson2HttpMessageConverter.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(shared).isNotSameAs(mvcJsonConverter(context));
			assertThat(read(shared, "{\"quantity\":1,\"added\":true}").quantity()).isEqualTo(1);
		});
	}

	@Test
	void applicationJacksonCustomizationIsKeptAndStillStrict() {
		this.contextRunner.withUserConfiguration(SnakeCaseConfiguration.class).run((context) -> {
			MappingJackson2HttpMessageConverter converter = mvcJsonConverter(context);
			assertThat(converter.getObjectMapper().getPropertyNamingStrategy())
				.isSameAs(PropertyNamingStrategies.SNAKE_CASE);
			assertThat(read(converter, "{\"quantity\":1,\"unit_price\":2}").unitPrice()).isEqualTo(2);
			assertThatExceptionOfType(HttpMessageNotReadableException.class)
				.isThrownBy(() -> read(converter, "{\"quantity\":1,\"unitPrice\":2}"))
				.withCauseInstanceOf(UnrecognizedPropertyException.class);
		});
	}

	@Test
	void strictJsonCanBeTurnedOffButLimitsStay() {
		this.contextRunner.withPropertyValues("apisec.validation.strict-json=false").run((context) -> {
			MappingJackson2HttpMessageConverter converter = mvcJsonConverter(context);
			assertThat(read(converter, "{\"quantity\":1,\"quantity\":3,\"admin\":true}").quantity()).isEqualTo(3);
			assertThat(converter.getObjectMapper().getFactory().streamReadConstraints().getMaxNestingDepth())
				.isEqualTo(64);
		});
	}

	@Test
	void limitsAreConfigurable() {
		this.contextRunner
			.withPropertyValues("apisec.validation.max-body-size=10KB", "apisec.validation.max-nesting-depth=8",
					"apisec.validation.max-string-length=500", "apisec.validation.max-number-length=20")
			.run((context) -> {
				assertThat(context.getBean(RequestBodyLimitFilter.class).getMaxBodySize()).isEqualTo(10 * 1024);
				StreamReadConstraints constraints = mvcJsonConverter(context).getObjectMapper()
					.getFactory()
					.streamReadConstraints();
				assertThat(constraints.getMaxNestingDepth()).isEqualTo(8);
				assertThat(constraints.getMaxStringLength()).isEqualTo(500);
				assertThat(constraints.getMaxNumberLength()).isEqualTo(20);
			});
	}

	@Test
	void applicationFilterReplacesTheStartersFilter() {
		this.contextRunner.withUserConfiguration(FilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestBodyLimitFilter.class);
			assertThat(context).hasBean("customRequestBodyLimitFilter");
			assertThat(context.getBean("apisecRequestBodyLimitFilterRegistration", FilterRegistrationBean.class)
				.getFilter()).isSameAs(context.getBean("customRequestBodyLimitFilter"));
		});
	}

	@ParameterizedTest
	@CsvSource({ "max-body-size, -1B, '-1B' is not a positive size", "max-body-size, 0B, '0B' is not a positive size",
			"max-nesting-depth, 0, '0' is not positive", "max-string-length, -5, '-5' is not positive",
			"max-number-length, 0, '0' is not positive" })
	void nonPositiveLimitFailsStartup(String property, String value, String problem) {
		this.contextRunner.withPropertyValues("apisec.validation." + property + "=" + value)
			.run((context) -> assertConfigurationFailure(context, "apisec.validation." + property, problem));
	}

	@Test
	void disablingTheStarterRemovesStrictInput() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", "apisec.validation.max-body-size=-1B")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RequestBodyLimitFilter.class);
				assertThat(context).doesNotHaveBean(StrictJsonConverters.class);
				assertThat(mvcJsonConverter(context).getObjectMapper()
					.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
			});
	}

	@Test
	void withoutJacksonOnlyTheBodyLimitIsDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObjectMapper.class)).run((context) -> {
			assertThat(context).hasSingleBean(RequestBodyLimitFilter.class);
			assertThat(context).doesNotHaveBean(StrictJsonConverters.class);
		});
	}

	private static MappingJackson2HttpMessageConverter mvcJsonConverter(AssertableWebApplicationContext context) {
		return context.getBean(RequestMappingHandlerAdapter.class)
			.getMessageConverters()
			.stream()
			.filter(MappingJackson2HttpMessageConverter.class::isInstance)
			.map(MappingJackson2HttpMessageConverter.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private static Order read(MappingJackson2HttpMessageConverter converter, String json) throws Exception {
		MockHttpInputMessage message = new MockHttpInputMessage(json.getBytes(StandardCharsets.UTF_8));
		message.getHeaders().add("Content-Type", "application/json");
		return (Order) converter.read(Order.class, message);
	}

	private static void assertConfigurationFailure(AssertableWebApplicationContext context, String property,
			String problem) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOfSatisfying(ApiSecConfigurationException.class, (ex) -> {
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(ex.getProblem()).isEqualTo(problem);
		});
		FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("The configuration property '" + property + "' is invalid: " + problem);
		assertThat(analysis.getAction()).startsWith("Use a positive");
	}

	record Order(int quantity, Integer unitPrice) {
	}

	@Configuration(proxyBeanMethods = false)
	static class SnakeCaseConfiguration {

		@Bean
		Jackson2ObjectMapperBuilderCustomizer snakeCase() {
			return (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FilterConfiguration {

		@Bean
		RequestBodyLimitFilter customRequestBodyLimitFilter() {
			return new RequestBodyLimitFilter(DataSize.ofKilobytes(1), new ProblemResponseWriter());
		}

	}

}
