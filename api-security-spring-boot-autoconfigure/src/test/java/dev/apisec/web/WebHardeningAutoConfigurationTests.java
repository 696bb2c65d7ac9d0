package dev.apisec.web;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.RegisteredFailureAnalyzers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.apache.catalina.connector.Connector;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class WebHardeningAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NetworkAutoConfiguration.class, WebHardeningAutoConfiguration.class));

	@Test
	void securityHeadersAreOnByDefaultAndNothingElse() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SecurityHeadersFilter.class);
			assertThat(context).hasSingleBean(RequestTransport.class);
			assertThat(context).doesNotHaveBean(RequireHttpsFilter.class);
			assertThat(context).doesNotHaveBean(DeprecationFilter.class);
			assertThat(context).doesNotHaveBean(IpRulesFilter.class);
			assertThat(context).doesNotHaveBean("apisecCorsFilterRegistration");
			FilterRegistrationBean<?> registration = context.getBean("apisecSecurityHeadersFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(registration.getOrder()).isEqualTo(ApiSecFilterOrder.SECURITY_HEADERS);
		});
	}

	@Test
	void encodedSlashesAreLeftToTheFirewallOnTomcat() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("apisecTomcatEncodedSlashCustomizer");
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			context.getBean("apisecTomcatEncodedSlashCustomizer", WebServerFactoryCustomizer.class).customize(factory);
			Connector connector = new Connector();
			factory.getTomcatConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
			assertThat(connector.getEncodedSolidusHandling()).isEqualTo("passthrough");
			assertThat(connector.getEncodedReverseSolidusHandling()).isEqualTo("passthrough");
		});
	}

	@Test
	void encodedSlashesAreLeftToTomcatWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StrictHttpFirewall.class))
			.run((context) -> assertThat(context).doesNotHaveBean("apisecTomcatEncodedSlashCustomizer"));
	}

	@Test
	void headersCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("apisec.headers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityHeadersFilter.class));
	}

	@Test
	void everythingBacksOffWhenTheStarterIsOff() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", "apisec.transport.require-https=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SecurityHeadersFilter.class);
				assertThat(context).doesNotHaveBean(RequireHttpsFilter.class);
			});
	}

	@Test
	void eachFilterComesWithItsConfiguration() {
		this.contextRunner
			.withPropertyValues("apisec.transport.require-https=true", "apisec.deprecations[0].paths=/v1/**",
					"apisec.deprecations[0].sunset=2030-01-01", "apisec.ip-rules[0].paths[0]=/admin/**",
					"apisec.ip-rules[0].deny[0]=203.0.113.0/24", "apisec.cors.mappings[0].paths[0]=/api/**",
					"apisec.cors.mappings[0].allowed-origins[0]=https://shop.example")
			.run((context) -> {
				assertThat(context).hasSingleBean(RequireHttpsFilter.class);
				assertThat(context).hasSingleBean(DeprecationFilter.class);
				assertThat(context).hasSingleBean(IpRulesFilter.class);
				assertThat(context).hasSingleBean(CountryResolver.class);
				assertThat(context).hasBean("apisecCorsFilterRegistration");
			});
	}

	@Test
	void userCountryResolverReplacesTheHeaderOne() {
		this.contextRunner
			.withPropertyValues("apisec.ip-rules[0].paths=/admin/**", "apisec.ip-rules[0].allow-countries=DE")
			.withBean("geoIp", CountryResolver.class, () -> (request) -> "DE")
			.run((context) -> assertThat(context).getBean(CountryResolver.class).isSameAs(context.getBean("geoIp")));
	}

	@Test
	void wildcardOriginWithCredentialsFailsStartup() {
		assertFailure("apisec.cors.mappings[0].allowed-origins[0]", "allow-credentials",
				"apisec.cors.mappings[0].paths=/api/**", "apisec.cors.mappings[0].allowed-origins=*",
				"apisec.cors.mappings[0].allow-credentials=true");
	}

	@Test
	void originPatternFailsStartup() {
		assertFailure("apisec.cors.mappings[0].allowed-origins[0]", "exact origins",
				"apisec.cors.mappings[0].paths=/api/**", "apisec.cors.mappings[0].allowed-origins=https://*.example");
	}

	@Test
	void originWithPathFailsStartup() {
		assertFailure("apisec.cors.mappings[0].allowed-origins[0]", "is not an origin",
				"apisec.cors.mappings[0].paths=/api/**",
				"apisec.cors.mappings[0].allowed-origins=https://shop.example/app");
	}

	@Test
	void wildcardOriginWithoutCredentialsIsAccepted() {
		this.contextRunner
			.withPropertyValues("apisec.cors.mappings[0].paths=/api/**", "apisec.cors.mappings[0].allowed-origins=*")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void badCidrInIpRuleFailsStartup() {
		assertFailure("apisec.ip-rules[0].allow[1]", "CIDR", "apisec.ip-rules[0].paths=/admin/**",
				"apisec.ip-rules[0].allow=10.0.0.0/8,intranet.example");
	}

	@Test
	void badCountryCodeFailsStartup() {
		assertFailure("apisec.ip-rules[0].deny-countries[0]", "country code", "apisec.ip-rules[0].paths=/admin/**",
				"apisec.ip-rules[0].deny-countries=Germany");
	}

	@Test
	void ipRuleWithoutAnyListFailsStartup() {
		assertFailure("apisec.ip-rules[0]", "allow, deny", "apisec.ip-rules[0].paths=/admin/**");
	}

	@Test
	void enforcedDeprecationWithoutSunsetFailsStartup() {
		assertFailure("apisec.deprecations[0].enforce", "sunset", "apisec.deprecations[0].paths=/v1/**",
				"apisec.deprecations[0].deprecated-since=2025-01-01", "apisec.deprecations[0].enforce=true");
	}

	@Test
	void sunsetBeforeDeprecationFailsStartup() {
		assertFailure("apisec.deprecations[0].sunset", "before", "apisec.deprecations[0].paths=/v1/**",
				"apisec.deprecations[0].deprecated-since=2025-01-01", "apisec.deprecations[0].sunset=2024-01-01");
	}

	private void assertFailure(String property, String problem, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(ApiSecConfigurationException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo(property);
					assertThat(ex.getProblem()).contains(problem);
				});
			FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
		});
	}

}
