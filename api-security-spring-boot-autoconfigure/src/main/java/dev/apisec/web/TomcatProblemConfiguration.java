package dev.apisec.web;

import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Problem responses from embedded Tomcat itself, for the requests it refuses before the
 * application sees them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, ErrorReportValve.class })
class TomcatProblemConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "apisecTomcatErrorReportCustomizer")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> apisecTomcatErrorReportCustomizer(
			ProblemResponseWriter problems, ObjectProvider<HeadersProperties> headers) {
		return new ProblemErrorReportCustomizer(problems, headers.getIfAvailable());
	}

}
