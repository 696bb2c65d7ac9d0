package dev.apisec.web;

import java.time.Clock;
import java.util.List;

import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.support.ConditionalOnConfiguredList;
import jakarta.servlet.DispatcherType;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Auto-configuration of the transport-level protections, each a servlet filter ordered
 * before Spring Security's filter chain so that it applies to every response, 401 and 403
 * included: security headers ({@code apisec.headers.*}), HTTPS only
 * ({@code apisec.transport.*}) and API deprecations ({@code apisec.deprecations[]}).
 */
@AutoConfiguration(after = NetworkAutoConfiguration.class)
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(IpAddressMatcher.class)
@EnableConfigurationProperties({ HeadersProperties.class, TransportProperties.class, DeprecationProperties.class,
		CorsProperties.class, IpRulesProperties.class, NetworkProperties.class })
@Import({ WebHardeningAutoConfiguration.HeadersConfiguration.class,
		WebHardeningAutoConfiguration.TransportConfiguration.class,
		WebHardeningAutoConfiguration.IpRulesConfiguration.class, WebHardeningAutoConfiguration.CorsConfiguration.class,
		WebHardeningAutoConfiguration.DeprecationConfiguration.class,
		WebHardeningAutoConfiguration.TomcatEncodedSlashConfiguration.class, HttpFirewallConfiguration.class })
public class WebHardeningAutoConfiguration {

	/**
	 * Order of the security headers filter: before every other filter of the starter (the
	 * body-size limit included), so that every response carries the headers.
	 */
	public static final int HEADERS_FILTER_ORDER = RequestValidationAutoConfiguration.BODY_LIMIT_FILTER_ORDER - 100;

	/**
	 * Order of the HTTPS filter: a plain-HTTP request is refused before anything reads
	 * it.
	 */
	public static final int TRANSPORT_FILTER_ORDER = RequestValidationAutoConfiguration.BODY_LIMIT_FILTER_ORDER - 90;

	/**
	 * Order of the IP rules filter: refused clients are refused before anything reads
	 * them.
	 */
	public static final int IP_RULES_FILTER_ORDER = RequestValidationAutoConfiguration.BODY_LIMIT_FILTER_ORDER - 80;

	/**
	 * Order of the CORS filter: before authentication, so preflights need no credentials.
	 */
	public static final int CORS_FILTER_ORDER = SecurityProperties.DEFAULT_FILTER_ORDER - 20;

	/** Order of the deprecation filter. */
	public static final int DEPRECATION_FILTER_ORDER = SecurityProperties.DEFAULT_FILTER_ORDER - 15;

	@Bean
	@ConditionalOnMissingBean
	RequestTransport apisecRequestTransport(ObjectProvider<ClientAddressResolver> addresses) {
		return new RequestTransport(addresses.getIfAvailable(() -> new ClientAddressResolver(List.of())));
	}

	static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, String name, int order,
			DispatcherType... dispatcherTypes) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setName(name);
		registration.setOrder(order);
		registration.setDispatcherTypes(dispatcherTypes[0], dispatcherTypes);
		return registration;
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
			return registration(filter, "apisecSecurityHeadersFilter", HEADERS_FILTER_ORDER, DispatcherType.REQUEST,
					DispatcherType.ERROR);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("apisec.transport.require-https")
	static class TransportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequireHttpsFilter apisecRequireHttpsFilter(TransportProperties properties, RequestTransport transport,
				ObjectProvider<ProblemResponseWriter> problems) {
			return new RequireHttpsFilter(transport, properties.getHttpsPort(),
					problems.getIfAvailable(ProblemResponseWriter::new));
		}

		@Bean
		FilterRegistrationBean<RequireHttpsFilter> apisecRequireHttpsFilterRegistration(RequireHttpsFilter filter) {
			return registration(filter, "apisecRequireHttpsFilter", TRANSPORT_FILTER_ORDER, DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.ip-rules")
	static class IpRulesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CountryResolver apisecCountryResolver(NetworkProperties network,
				ObjectProvider<ClientAddressResolver> addresses) {
			String header = network.getCountryHeader();
			ClientAddressResolver resolver = addresses.getIfAvailable(() -> new ClientAddressResolver(List.of()));
			return (request) -> {
				if (header == null || !resolver.isTrustedProxy(request.getRemoteAddr())) {
					return null;
				}
				String value = request.getHeader(header);
				return (value != null && value.trim().matches("[A-Za-z]{2}"))
						? value.trim().toUpperCase(java.util.Locale.ROOT) : null;
			};
		}

		@Bean
		@ConditionalOnMissingBean
		IpRulesFilter apisecIpRulesFilter(IpRulesProperties properties, ObjectProvider<ClientAddressResolver> addresses,
				CountryResolver countries, ObjectProvider<ProblemResponseWriter> problems) {
			return new IpRulesFilter(properties, addresses.getIfAvailable(() -> new ClientAddressResolver(List.of())),
					countries, problems.getIfAvailable(ProblemResponseWriter::new));
		}

		@Bean
		FilterRegistrationBean<IpRulesFilter> apisecIpRulesFilterRegistration(IpRulesFilter filter) {
			return registration(filter, "apisecIpRulesFilter", IP_RULES_FILTER_ORDER, DispatcherType.REQUEST);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.cors.mappings")
	static class CorsConfiguration {

		@Bean
		FilterRegistrationBean<org.springframework.web.filter.CorsFilter> apisecCorsFilterRegistration(
				CorsProperties properties, ObjectProvider<ProblemResponseWriter> problems) {
			return registration(
					CorsConfigurations.filter(properties, problems.getIfAvailable(ProblemResponseWriter::new)),
					"apisecCorsFilter", CORS_FILTER_ORDER, DispatcherType.REQUEST);
		}

	}

	/**
	 * Tomcat refuses an encoded slash or backslash ({@code %2F}, {@code %5C}) itself,
	 * with an HTML page, before the application sees the request. Passed through instead,
	 * they reach Spring Security's {@code StrictHttpFirewall}, which refuses them too,
	 * and the client gets the same 400 problem response as for every other malformed
	 * path. Ordered first, so that a customizer of the application's own decides.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat",
			"org.springframework.security.web.firewall.StrictHttpFirewall" })
	static class TomcatEncodedSlashConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecTomcatEncodedSlashCustomizer")
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> apisecTomcatEncodedSlashCustomizer() {
			return new OrderedTomcatCustomizer();
		}

		static final class OrderedTomcatCustomizer
				implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

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

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnConfiguredList("apisec.deprecations")
	static class DeprecationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeprecationFilter apisecDeprecationFilter(DeprecationProperties properties,
				ObjectProvider<ProblemResponseWriter> problems) {
			return new DeprecationFilter(properties, Clock.systemUTC(),
					problems.getIfAvailable(ProblemResponseWriter::new));
		}

		@Bean
		FilterRegistrationBean<DeprecationFilter> apisecDeprecationFilterRegistration(DeprecationFilter filter) {
			return registration(filter, "apisecDeprecationFilter", DEPRECATION_FILTER_ORDER, DispatcherType.REQUEST);
		}

	}

}
