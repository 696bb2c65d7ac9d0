package dev.apisec.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of RFC 9457 problem responses for every error the application emits:
 * the writer the starter's filters use, Spring MVC's exception handling, the error
 * controller, embedded Tomcat's own refusals, and the trace id on every problem. Runs
 * before Spring Boot's MVC and error auto-configurations so that its
 * {@code BasicErrorController} and problem-details handler back off.
 */
@AutoConfiguration(before = { ErrorMvcAutoConfiguration.class, WebMvcAutoConfiguration.class })
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ObjectMapper.class })
@Import({ TraceIdConfiguration.MicrometerTracing.class, TraceIdConfiguration.Generated.class,
		MvcProblemConfiguration.class, TomcatProblemConfiguration.class })
@EnableConfigurationProperties(ProblemsProperties.class)
public class ProblemResponseAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemResponseWriter apisecProblemResponseWriter(ProblemsProperties properties, TraceIdResolver traceIds) {
		return new ProblemResponseWriter(properties.getTypeBase(), traceIds);
	}

}
