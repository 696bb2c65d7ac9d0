package dev.apisec.web;

import java.time.Clock;
import java.util.List;

import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ApiSecFilterRegistration;
import dev.apisec.support.ConditionalOnConfiguredList;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.CorsFilter;

/**
 * The configurations of the transport-level protections, one per protection, each on its
 * own property; imported by {@link WebHardeningAutoConfiguration}.
 */
final class WebHardeningConfigurations {

	private WebHardeningConfigurations() {
	}

	private static ClientAddressResolver addresses(ObjectProvider<ClientAddressResolver> addresses) {
		return addresses.getIfAvailable(() -> new ClientAddressResolver(List.of()));
	}

	private static ProblemResponseWriter problems(ObjectProvider<ProblemResponseWriter> problems) {
		return problems.getIfAvailable(ProblemResponseWriter::new);
	}

	@Configuration(proxyBeanMethods = false)
	static class RequestTransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestTransport apisecRequestTransport(ObjectProvider<ClientAddressResolver> addresses) {
			return new RequestTransport(addresses(addresses));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "apisec.headers.enabled", matchIfMissing = true)
	static class HeadersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityHeadersFilter apisecSecurityHeadersFilter(HeadersProperties properties, RequestTransport transport) {
			return new SecurityHeadersFilter(properties, transport);
		}

		@Bean
		FilterRegistrationBean<SecurityHeadersFilter> apisecSecurityHeadersFilterRegistration(
				SecurityHeadersFilter filter) {
			return ApiSecFilterRegistration.of(filter, "apisecSecurityHeadersFilter",
					ApiSecFilterOrder.SECURITY_HEADERS, DispatcherType.REQUEST, DispatcherType.ERROR);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("apisec.transport.require-https")
	static class TransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequireHttpsFilter apisecRequireHttpsFilter(TransportProperties properties, RequestTransport transport,
				ObjectProvider<ProblemResponseWriter> problems) {
			return new RequireHttpsFilter(transport, properties.getHttpsPort(), problems(problems));
		}

		@Bean
		FilterRegistrationBean<RequireHttpsFilter> apisecRequireHttpsFilterRegistration(RequireHttpsFilter filter) {
			return ApiSecFilterRegistration.of(filter, "apisecRequireHttpsFilter", ApiSecFilterOrder.REQUIRE_HTTPS,
					DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.ip-rules")
	static class IpRulesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CountryResolver apisecCountryResolver(NetworkProperties network,
				ObjectProvider<ClientAddressResolver> addresses) {
			return new HeaderCountryResolver(network.getCountryHeader(), addresses(addresses));
		}

		@Bean
		@ConditionalOnMissingBean
		IpRulesFilter apisecIpRulesFilter(IpRulesProperties properties, ObjectProvider<ClientAddressResolver> addresses,
				CountryResolver countries, ObjectProvider<ProblemResponseWriter> problems) {
			return new IpRulesFilter(properties, addresses(addresses), countries, problems(problems));
		}

		@Bean
		FilterRegistrationBean<IpRulesFilter> apisecIpRulesFilterRegistration(IpRulesFilter filter) {
			return ApiSecFilterRegistration.of(filter, "apisecIpRulesFilter", ApiSecFilterOrder.IP_RULES,
					DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.cors.mappings")
	static class CorsConfiguration {

		@Bean
		FilterRegistrationBean<CorsFilter> apisecCorsFilterRegistration(CorsProperties properties,
				ObjectProvider<ProblemResponseWriter> problems) {
			return ApiSecFilterRegistration.of(CorsConfigurations.filter(properties, problems(problems)),
					"apisecCorsFilter", ApiSecFilterOrder.CORS, DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.deprecations")
	static class DeprecationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeprecationFilter apisecDeprecationFilter(DeprecationProperties properties,
				ObjectProvider<ProblemResponseWriter> problems) {
			return new DeprecationFilter(properties, Clock.systemUTC(), problems(problems));
		}

		@Bean
		FilterRegistrationBean<DeprecationFilter> apisecDeprecationFilterRegistration(DeprecationFilter filter) {
			return ApiSecFilterRegistration.of(filter, "apisecDeprecationFilter", ApiSecFilterOrder.DEPRECATION,
					DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat",
			"org.springframework.security.web.firewall.StrictHttpFirewall" })
	static class TomcatEncodedSlashConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecTomcatEncodedSlashCustomizer")
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> apisecTomcatEncodedSlashCustomizer() {
			return new TomcatEncodedSlashCustomizer();
		}

	}

}
