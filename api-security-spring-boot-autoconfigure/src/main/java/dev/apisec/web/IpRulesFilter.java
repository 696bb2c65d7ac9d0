package dev.apisec.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests by client address (the resolved one: forwarded headers count only from
 * trusted proxies) and country, with a 403 problem, before authentication.
 */
public class IpRulesFilter extends OncePerRequestFilter {

	private final List<Rule> rules;

	private final ClientAddressResolver addresses;

	private final CountryResolver countries;

	private final ProblemResponseWriter problems;

	public IpRulesFilter(IpRulesProperties properties, ClientAddressResolver addresses, CountryResolver countries,
			ProblemResponseWriter problems) {
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < properties.getIpRules().size(); i++) {
			rules.add(rule("apisec.ip-rules[" + i + "]", properties.getIpRules().get(i)));
		}
		this.rules = List.copyOf(rules);
		this.addresses = addresses;
		this.countries = countries;
		this.problems = problems;
	}

	private static Rule rule(String prefix, IpRulesProperties.Rule config) {
		if (config.getPaths().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".paths", "an IP rule needs paths",
					"Set " + prefix + ".paths to the path patterns it protects, e.g. /admin/**.");
		}
		for (int i = 0; i < config.getPaths().size(); i++) {
			RequestPatterns.validatePattern(prefix + ".paths[" + i + "]", config.getPaths().get(i));
		}
		if (config.getAllow().isEmpty() && config.getDeny().isEmpty() && config.getAllowCountries().isEmpty()
				&& config.getDenyCountries().isEmpty()) {
			throw new ApiSecConfigurationException(prefix,
					"an IP rule needs allow, deny, allow-countries or deny-countries",
					"Set " + prefix + ".allow or " + prefix + ".deny to addresses or CIDR ranges.");
		}
		return new Rule(RequestPatterns.matcher(config.getPaths(), List.of()),
				matchers(prefix + ".allow", config.getAllow()), matchers(prefix + ".deny", config.getDeny()),
				countries(prefix + ".allow-countries", config.getAllowCountries()),
				countries(prefix + ".deny-countries", config.getDenyCountries()));
	}

	private static List<IpAddressMatcher> matchers(String property, List<String> ranges) {
		List<IpAddressMatcher> matchers = new ArrayList<>();
		for (int i = 0; i < ranges.size(); i++) {
			String range = ranges.get(i).trim();
			String address = (range.indexOf('/') >= 0) ? range.substring(0, range.indexOf('/')) : range;
			try {
				if (!ClientAddressResolver.isIpLiteral(address)) {
					throw new IllegalArgumentException();
				}
				matchers.add(new IpAddressMatcher(range));
			}
			catch (IllegalArgumentException ex) {
				throw new ApiSecConfigurationException(property + "[" + i + "]",
						"'" + range + "' is not an IP address or CIDR range",
						"Use an address such as 203.0.113.7 or a range such as 203.0.113.0/24 or 2001:db8::/32.");
			}
		}
		return List.copyOf(matchers);
	}

	private static Set<String> countries(String property, List<String> codes) {
		for (int i = 0; i < codes.size(); i++) {
			if (!codes.get(i).trim().matches("[A-Za-z]{2}")) {
				throw new ApiSecConfigurationException(property + "[" + i + "]",
						"'" + codes.get(i) + "' is not an ISO 3166 alpha-2 country code",
						"Use codes such as DE, FR or US.");
			}
		}
		return codes.stream()
			.map((code) -> code.trim().toUpperCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = null;
		String country = null;
		boolean countryResolved = false;
		for (Rule rule : this.rules) {
			if (!rule.matcher().matches(request)) {
				continue;
			}
			if (address == null) {
				address = this.addresses.resolve(request);
			}
			if (!countryResolved && rule.usesCountries()) {
				country = this.countries.resolve(request);
				countryResolved = true;
			}
			if (!rule.allows(address, country)) {
				this.problems.write(request, response, ProblemType.ADDRESS_DENIED, Map.of());
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private record Rule(RequestMatcher matcher, List<IpAddressMatcher> allow, List<IpAddressMatcher> deny,
			Set<String> allowCountries, Set<String> denyCountries) {

		boolean usesCountries() {
			return !this.allowCountries.isEmpty() || !this.denyCountries.isEmpty();
		}

		boolean allows(String address, String country) {
			if (!ClientAddressResolver.isIpLiteral(address) && (!this.deny.isEmpty() || !this.allow.isEmpty())) {
				// IpAddressMatcher throws on (or looks up in DNS) anything else; a
				// resolver of the user's own may return it: refused, as no range can be
				// checked.
				return false;
			}
			if (this.deny.stream().anyMatch((matcher) -> matcher.matches(address))) {
				return false;
			}
			if (!this.allow.isEmpty() && this.allow.stream().noneMatch((matcher) -> matcher.matches(address))) {
				return false;
			}
			if (country != null && this.denyCountries.contains(country)) {
				return false;
			}
			return this.allowCountries.isEmpty() || (country != null && this.allowCountries.contains(country));
		}

	}

}
