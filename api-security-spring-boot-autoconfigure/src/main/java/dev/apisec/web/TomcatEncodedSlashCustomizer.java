package dev.apisec.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Lets an encoded slash or backslash ({@code %2F}, {@code %5C}) through Tomcat's
 * connectors. Tomcat refuses them itself, with an HTML page, before the application sees
 * the request; passed through, they reach Spring Security's {@code StrictHttpFirewall},
 * which refuses them too, and the client gets the same 400 problem response as for every
 * other malformed path. Ordered first, so that a customizer of the application's own
 * decides.
 */
final class TomcatEncodedSlashCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
