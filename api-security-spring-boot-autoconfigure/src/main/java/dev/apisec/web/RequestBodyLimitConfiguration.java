package dev.apisec.web;

import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ApiSecFilterRegistration;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request body size limit.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimitConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestBodyLimitFilter apisecRequestBodyLimitFilter(RequestValidationProperties properties,
			ObjectProvider<ProblemResponseWriter> problemResponseWriter) {
		return new RequestBodyLimitFilter(properties.getMaxBodySize(),
				problemResponseWriter.getIfAvailable(ProblemResponseWriter::new));
	}

	@Bean
	@ConditionalOnMissingBean(name = "apisecRequestBodyLimitFilterRegistration")
	FilterRegistrationBean<RequestBodyLimitFilter> apisecRequestBodyLimitFilterRegistration(
			RequestBodyLimitFilter filter) {
		return ApiSecFilterRegistration.of(filter, "apisecRequestBodyLimitFilter", ApiSecFilterOrder.REQUEST_BODY_LIMIT,
				DispatcherType.REQUEST);
	}

}
