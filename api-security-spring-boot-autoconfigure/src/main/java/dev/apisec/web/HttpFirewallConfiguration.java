package dev.apisec.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its default rules, checking header
 * names, header values and parameter names without a regular expression when they are
 * printable ASCII. The firewall checks a header every time the application reads it, and
 * its default check runs a Unicode-category regular expression over every character: for
 * a bearer token, read at least twice per request (bearer and DPoP detection), that was
 * the largest single cost of a request in a profile of the HTTP benchmark. Any other
 * character falls back to Spring Security's own check, so what is accepted and refused
 * does not change. Backs off when the application defines its own {@link HttpFirewall}.
 * Refused requests are answered with the starter's 400 problem response.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(StrictHttpFirewall.class)
class HttpFirewallConfiguration {

	@Bean
	@ConditionalOnMissingBean(HttpFirewall.class)
	StrictHttpFirewall apisecHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(new AsciiFirstPredicate(false, StrictHttpFirewall.ALLOWED_HEADER_NAMES));
		firewall.setAllowedHeaderValues(new AsciiFirstPredicate(true, StrictHttpFirewall.ALLOWED_HEADER_VALUES));
		firewall.setAllowedParameterNames(new AsciiFirstPredicate(false, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES));
		return firewall;
	}

	/**
	 * Answers a request the firewall refuses with the 400 problem response.
	 * @param problems the problem response writer
	 * @return the handler
	 */
	@Bean
	@ConditionalOnMissingBean(RequestRejectedHandler.class)
	RequestRejectedHandler apisecRequestRejectedHandler(ObjectProvider<ProblemResponseWriter> problems) {
		return new ProblemRequestRejectedHandler(problems.getIfAvailable(ProblemResponseWriter::new));
	}

}
