package dev.apisec.web;

import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of strict input from {@code apisec.validation.*}: the request body
 * size limit, and strict, bounded reading of JSON request bodies by Spring MVC. The 400
 * and 413 answers are problem responses ({@link ProblemResponseAutoConfiguration}).
 */
@AutoConfiguration(after = ProblemResponseAutoConfiguration.class)
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(RequestValidationProperties.class)
@Import({ RequestBodyLimitConfiguration.class, StrictJsonConfiguration.class })
public class RequestValidationAutoConfiguration {

}
