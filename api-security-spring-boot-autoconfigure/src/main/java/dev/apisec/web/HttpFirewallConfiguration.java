package dev.apisec.web;

import java.util.Map;
import java.util.function.Predicate;

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
	 * Answers a request the firewall refuses with the 400 problem response, written at
	 * once. Spring Security's default handler sends an error for the error page to
	 * render, which works for every method but {@code TRACE}: the servlet answers the
	 * error dispatch of a {@code TRACE} request itself, with an empty body.
	 * @param problems the problem response writer
	 * @return the handler
	 */
	@Bean
	@ConditionalOnMissingBean(RequestRejectedHandler.class)
	RequestRejectedHandler apisecRequestRejectedHandler(ObjectProvider<ProblemResponseWriter> problems) {
		ProblemResponseWriter writer = problems.getIfAvailable(ProblemResponseWriter::new);
		return (request, response, ex) -> writer.write(request, response, ProblemType.BAD_REQUEST,
				ProblemType.BAD_REQUEST.getDefaultDetail(), Map.of());
	}

	/**
	 * Accepts a string of printable ASCII (and tab, if allowed) at once, and asks the
	 * fallback about any other string. Printable ASCII characters are assigned and not
	 * control characters, so the answer is the fallback's for every string.
	 */
	static final class AsciiFirstPredicate implements Predicate<String> {

		private final boolean allowTab;

		private final Predicate<String> fallback;

		AsciiFirstPredicate(boolean allowTab, Predicate<String> fallback) {
			this.allowTab = allowTab;
			this.fallback = fallback;
		}

		@Override
		public boolean test(String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if ((c < 0x20 || c > 0x7e) && !(c == '\t' && this.allowTab)) {
					return this.fallback.test(value);
				}
			}
			return true;
		}

	}

}
