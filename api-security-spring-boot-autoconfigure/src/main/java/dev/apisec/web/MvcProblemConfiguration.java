package dev.apisec.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Problem responses from Spring MVC: the exception handler, the trace id on every
 * problem, and the error controller for errors outside Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
class MvcProblemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemExceptionHandler apisecProblemExceptionHandler(ProblemResponseWriter problems, TraceIdResolver traceIds) {
		return new ProblemExceptionHandler(problems, traceIds);
	}

	@Bean
	@ConditionalOnMissingBean
	TraceIdProblemAdvice apisecTraceIdProblemAdvice(TraceIdResolver traceIds) {
		return new TraceIdProblemAdvice(traceIds);
	}

	// Before ErrorMvcAutoConfiguration, so that its BasicErrorController backs off.
	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ProblemErrorController apisecProblemErrorController(ObjectProvider<ErrorAttributes> errorAttributes,
			ProblemResponseWriter problems, TraceIdResolver traceIds) {
		return new ProblemErrorController(errorAttributes.getIfUnique(), problems, traceIds);
	}

}
