package dev.apisec.web;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ProblemResponseAutoConfiguration}.
 */
class ProblemResponseAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ProblemResponseAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void problemHandlingReplacesBootsErrorController() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProblemResponseWriter.class);
			assertThat(context).hasSingleBean(TraceIdResolver.class);
			assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
			assertThat(context).hasSingleBean(TraceIdProblemAdvice.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(ProblemErrorController.class);
			assertThat(context).doesNotHaveBean(BasicErrorController.class);
		});
	}

	@Test
	void applicationErrorControllerWins() {
		this.contextRunner.withUserConfiguration(ErrorControllerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ErrorController.class);
			assertThat(context).hasBean("customErrorController");
			assertThat(context).doesNotHaveBean(ProblemErrorController.class);
			assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
		});
	}

	@Test
	void applicationBeansReplaceTheStartersBeans() {
		this.contextRunner.withUserConfiguration(WriterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProblemResponseWriter.class);
			assertThat(context).hasBean("customProblemResponseWriter");
			assertThat(context).hasSingleBean(TraceIdResolver.class);
			assertThat(context).hasBean("customTraceIdResolver");
			assertThat(context.getBean(TraceIdResolver.class).resolve(new MockHttpServletRequest())).isEqualTo("fixed");
		});
	}

	@Test
	void tomcatRefusalsAreProblemsWhenTomcatIsPresent() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("apisecTomcatErrorReportCustomizer"));
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).doesNotHaveBean("apisecTomcatErrorReportCustomizer")
				.hasSingleBean(ProblemResponseWriter.class));
	}

	@Test
	void bootsProblemDetailsHandlerBacksOff() {
		this.contextRunner.withPropertyValues("spring.mvc.problemdetails.enabled=true")
			.run((context) -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(ProblemExceptionHandler.class));
	}

	@Test
	void traceIdIsTheCurrentSpansWhenTracing() {
		this.contextRunner.withBean(Tracer.class, () -> tracer("4bf92f3577b34da6a3ce929d0e0e4736"))
			.run((context) -> assertThat(context.getBean(TraceIdResolver.class).resolve(new MockHttpServletRequest()))
				.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
	}

	@Test
	void traceIdOfAnUnsampledSpanIsUsed() {
		// An unsampled OpenTelemetry span does not record (isNoop), yet its trace id is
		// in the MDC.
		Tracer tracer = tracer("5bf92f3577b34da6a3ce929d0e0e4737");
		given(tracer.currentSpan().isNoop()).willReturn(true);
		this.contextRunner.withBean(Tracer.class, () -> tracer)
			.run((context) -> assertThat(context.getBean(TraceIdResolver.class).resolve(new MockHttpServletRequest()))
				.isEqualTo("5bf92f3577b34da6a3ce929d0e0e4737"));
	}

	@Test
	void traceIdIsGeneratedOncePerRequestWithoutASpan() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			TraceIdResolver traceIds = context.getBean(TraceIdResolver.class);
			MockHttpServletRequest request = new MockHttpServletRequest();
			String traceId = traceIds.resolve(request);
			assertThat(traceId).matches("[0-9a-f]{32}");
			assertThat(traceIds.resolve(request)).isEqualTo(traceId);
			assertThat(traceIds.resolve(new MockHttpServletRequest())).isNotEqualTo(traceId);
		});
	}

	@Test
	void withoutMicrometerTracingTraceIdsAreGenerated() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			MockHttpServletRequest request = new MockHttpServletRequest();
			String traceId = context.getBean(TraceIdResolver.class).resolve(request);
			assertThat(traceId).matches("[0-9a-f]{32}");
			assertThat(request.getAttribute(TraceIdResolver.REQUEST_ID_ATTRIBUTE)).isEqualTo(traceId);
		});
	}

	@Test
	void writerAddsTheTraceIdAndPath() {
		this.contextRunner.withBean(Tracer.class, () -> tracer("0af7651916cd43dd8448eb211c80319c")).run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
			MockHttpServletResponse response = new MockHttpServletResponse();
			context.getBean(ProblemResponseWriter.class)
				.write(request, response, ProblemType.RATE_LIMITED, "Slow down.", Map.of("Retry-After", "3"));
			assertThat(response.getStatus()).isEqualTo(429);
			assertThat(response.getContentType()).isEqualTo("application/problem+json");
			assertThat(response.getHeader("Retry-After")).isEqualTo("3");
			JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
			assertThat(problem.path("type").asText()).isEqualTo("urn:apisec:problem:rate-limited");
			assertThat(problem.path("instance").asText()).isEqualTo("/api/orders");
			assertThat(problem.path("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		});
	}

	@Test
	void problemTypesAreUrnsByDefault() {
		this.contextRunner.run((context) -> {
			ProblemResponseWriter problems = context.getBean(ProblemResponseWriter.class);
			assertThat(problems.typeUri(ProblemType.INVALID_TOKEN)).hasToString("urn:apisec:problem:invalid-token");
			assertThat(problems.problemForStatus(409).getType()).hasToString("urn:apisec:problem:conflict");
		});
	}

	@Test
	void problemTypesAreUnderTheConfiguredBase() {
		this.contextRunner.withPropertyValues("apisec.problems.type-base=https://api.example.com/problems/")
			.run((context) -> {
				ProblemResponseWriter problems = context.getBean(ProblemResponseWriter.class);
				assertThat(problems.typeUri(ProblemType.INVALID_TOKEN))
					.hasToString("https://api.example.com/problems/invalid-token");
				assertThat(problems.problem(ProblemType.GONE).getType())
					.hasToString("https://api.example.com/problems/gone");
				assertThat(problems.problemForStatus(418).getType())
					.hasToString("https://api.example.com/problems/i-m-a-teapot");
			});
		this.contextRunner.withPropertyValues("apisec.problems.type-base=tag:example.com,2026:problem:")
			.run((context) -> assertThat(context.getBean(ProblemResponseWriter.class).typeUri(ProblemType.GONE))
				.hasToString("tag:example.com,2026:problem:gone"));
	}

	@Test
	void typeBaseThatIsNotAnAbsoluteUriEndingInASeparatorFailsAtStartup() {
		String property = "apisec.problems.type-base";
		this.contextRunner.withPropertyValues(property + "=https://api.example.com/problems")
			.run((context) -> assertConfigurationFailure(context, property, "does not end in '/' or ':'",
					"https://api.example.com/problems/"));
		this.contextRunner.withPropertyValues(property + "=/problems/")
			.run((context) -> assertConfigurationFailure(context, property, "is not an absolute URI"));
		this.contextRunner.withPropertyValues(property + "=https://api.example.com/problems?type=/")
			.run((context) -> assertConfigurationFailure(context, property, "without query or fragment"));
		this.contextRunner.withPropertyValues(property + "=https://api example.com/")
			.run((context) -> assertConfigurationFailure(context, property, "is not a valid URI"));
		this.contextRunner.withPropertyValues(property + "= ")
			.run((context) -> assertConfigurationFailure(context, property, "is empty"));
	}

	@Test
	void disablingTheStarterRestoresBootsErrorHandling() {
		this.contextRunner.withPropertyValues("apisec.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProblemResponseWriter.class);
			assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
			assertThat(context).doesNotHaveBean(TraceIdProblemAdvice.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(BasicErrorController.class);
		});
	}

	@Test
	void withoutJacksonNoProblemHandlingIsDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObjectMapper.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
			assertThat(context).doesNotHaveBean(ProblemErrorController.class);
		});
	}

	private static Tracer tracer(String traceId) {
		Tracer tracer = mock(Tracer.class);
		Span span = mock(Span.class);
		TraceContext context = mock(TraceContext.class);
		given(tracer.currentSpan()).willReturn(span);
		given(span.context()).willReturn(context);
		given(context.traceId()).willReturn(traceId);
		return tracer;
	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorControllerConfiguration {

		@Bean
		ErrorController customErrorController() {
			return new ErrorController() {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WriterConfiguration {

		@Bean
		TraceIdResolver customTraceIdResolver() {
			return new TraceIdResolver(() -> "fixed");
		}

		@Bean
		ProblemResponseWriter customProblemResponseWriter(TraceIdResolver traceIds) {
			return new ProblemResponseWriter("https://api.example.com/problems/", traceIds);
		}

	}

}
