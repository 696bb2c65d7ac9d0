package dev.apisec.web;

import java.util.Map;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts the {@link ProblemErrorReportValve} on embedded Tomcat's host in place of every
 * other error report valve: the one Spring Boot adds, and the default Tomcat would add
 * when the host starts. The valve writes the security headers of {@code apisec.headers.*}
 * too, unless they are turned off.
 */
final class ProblemErrorReportCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ProblemErrorReportValve valve;

	/**
	 * Create a customizer.
	 * @param problems writes the problem responses
	 * @param headers the security headers' properties, {@code null} without them
	 */
	ProblemErrorReportCustomizer(ProblemResponseWriter problems, HeadersProperties headers) {
		Map<String, String> securityHeaders = (headers != null && headers.isEnabled())
				? SecurityHeadersFilter.headers(headers) : Map.of();
		this.valve = new ProblemErrorReportValve(problems, securityHeaders);
	}

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
		// After Spring Boot's Tomcat customizer, which adds an error report valve of its
		// own.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
