package dev.apisec.web;

import java.util.Map;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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
		HeadersProperties properties = headers.getIfAvailable();
		Map<String, String> securityHeaders = (properties != null && properties.isEnabled())
				? SecurityHeadersFilter.headers(properties) : Map.of();
		return new ErrorReportCustomizer(new ProblemErrorReportValve(problems, securityHeaders));
	}

	/**
	 * Puts the problem valve on the host in place of every other error report valve: the
	 * one Spring Boot adds, and the default Tomcat would add when the host starts.
	 */
	private record ErrorReportCustomizer(ProblemErrorReportValve valve)
			implements
				WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
				Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				Container host = context.getParent();
				for (Valve existing : host.getPipeline().getValves()) {
					if (existing instanceof ErrorReportValve) {
						host.getPipeline().removeValve(existing);
					}
				}
				host.getPipeline().addValve(this.valve);
				if (host instanceof StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			// After Spring Boot's Tomcat customizer, which adds an error report valve of
			// its own.
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
