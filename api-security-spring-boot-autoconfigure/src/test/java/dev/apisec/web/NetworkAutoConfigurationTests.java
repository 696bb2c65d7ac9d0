package dev.apisec.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import dev.apisec.support.RegisteredFailureAnalyzers;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NetworkAutoConfiguration}.
 */
class NetworkAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NetworkAutoConfiguration.class));

	@Test
	void clientAddressResolverIsAutoConfiguredTrustingNoProxies() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClientAddressResolver.class);
			assertThat(context.getBean(NetworkProperties.class).getTrustedProxies()).isEmpty();
			assertThat(resolve(context, "10.0.0.5", "198.51.100.1")).isEqualTo("10.0.0.5");
		});
	}

	@Test
	void trustedProxiesAreBoundAndBelieved() {
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/8, fd00::/8,192.0.2.1")
			.run((context) -> {
				assertThat(context.getBean(NetworkProperties.class).getTrustedProxies()).containsExactly("10.0.0.0/8",
						"fd00::/8", "192.0.2.1");
				assertThat(resolve(context, "10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
				assertThat(resolve(context, "192.0.2.1", "198.51.100.1")).isEqualTo("198.51.100.1");
				assertThat(resolve(context, "192.0.2.2", "198.51.100.1")).isEqualTo("192.0.2.2");
			});
	}

	@Test
	void clientAddressHeaderDefaultsToXForwardedFor() {
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/8").run((context) -> {
			assertThat(context.getBean(NetworkProperties.class).getClientAddressHeader())
				.isEqualTo(ClientAddressHeader.X_FORWARDED_FOR);
			MockHttpServletRequest request = request("10.0.0.5", "X-Forwarded-For", "198.51.100.1");
			request.addHeader("Forwarded", "for=203.0.113.9");
			assertThat(context.getBean(ClientAddressResolver.class).resolve(request)).isEqualTo("198.51.100.1");
		});
	}

	@Test
	void forwardedClientAddressHeaderReadsOnlyForwarded() {
		this.contextRunner
			.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/8",
					"apisec.network.client-address-header=forwarded")
			.run((context) -> {
				assertThat(context.getBean(NetworkProperties.class).getClientAddressHeader())
					.isEqualTo(ClientAddressHeader.FORWARDED);
				MockHttpServletRequest request = request("10.0.0.5", "X-Forwarded-For", "198.51.100.1");
				request.addHeader("Forwarded", "for=203.0.113.9");
				assertThat(context.getBean(ClientAddressResolver.class).resolve(request)).isEqualTo("203.0.113.9");
			});
	}

	@Test
	void unknownClientAddressHeaderFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("apisec.network.client-address-header=x-real-ip").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("apisec.network.client-address-header");
			assertThat(RegisteredFailureAnalyzers.analyze(context.getStartupFailure()).getAction())
				.contains("FORWARDED")
				.contains("X_FORWARDED_FOR");
		});
	}

	@Test
	void emptyClientAddressHeaderKeepsTheDefault() {
		this.contextRunner.withPropertyValues("apisec.network.client-address-header=")
			.run((context) -> assertThat(context.getBean(NetworkProperties.class).getClientAddressHeader())
				.isEqualTo(ClientAddressHeader.X_FORWARDED_FOR));
	}

	@Test
	void userResolverReplacesTheStarterResolver() {
		this.contextRunner.withUserConfiguration(ResolverConfiguration.class)
			.withPropertyValues("apisec.network.trusted-proxies=not validated")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientAddressResolver.class);
				assertThat(context).hasBean("customClientAddressResolver");
				assertThat(context).doesNotHaveBean("apisecClientAddressResolver");
			});
	}

	@Test
	void disablingTheStarterRemovesTheResolver() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", "apisec.network.trusted-proxies=not validated")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ClientAddressResolver.class);
				assertThat(context).doesNotHaveBean(NetworkProperties.class);
			});
	}

	@Test
	void withoutSpringSecurityWebNoResolverIsDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(IpAddressMatcher.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientAddressResolver.class));
	}

	@Test
	void hostNameAsTrustedProxyFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/8,proxy.internal")
			.run((context) -> assertConfigurationFailure(context, "apisec.network.trusted-proxies[1]",
					"'proxy.internal' is not an IP address or CIDR range", "host names are not accepted"));
	}

	@Test
	void maskLongerThanTheAddressFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/33")
			.run((context) -> assertConfigurationFailure(context, "apisec.network.trusted-proxies[0]",
					"'10.0.0.0/33' is not an IP address or CIDR range", "a range such as 10.0.0.0/8"));
	}

	@Test
	void emptyMaskFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.network.trusted-proxies[0]=10.0.0.1",
					"apisec.network.trusted-proxies[1]=fd00::/8", "apisec.network.trusted-proxies[2]=10.0.0.0/")
			.run((context) -> assertConfigurationFailure(context, "apisec.network.trusted-proxies[2]",
					"'10.0.0.0/' is not an IP address or CIDR range", "a range such as 10.0.0.0/8"));
	}

	@Test
	void abbreviatedIpv4AddressFailsStartup() {
		// Read as 10.1.0.2/24 otherwise, trusting the wrong range.
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.1.2/24")
			.run((context) -> assertConfigurationFailure(context, "apisec.network.trusted-proxies[0]",
					"'10.1.2/24' is not an IP address or CIDR range", "a range such as 10.0.0.0/8"));
	}

	@Test
	void ipv4AddressWithOctetAbove255FailsStartup() {
		this.contextRunner.withPropertyValues("apisec.network.trusted-proxies=10.0.0.0/8,10.0.0.256")
			.run((context) -> assertConfigurationFailure(context, "apisec.network.trusted-proxies[1]",
					"'10.0.0.256' is not an IP address or CIDR range", "host names are not accepted"));
	}

	private static String resolve(AssertableWebApplicationContext context, String peer, String forwardedFor) {
		return context.getBean(ClientAddressResolver.class).resolve(request(peer, "X-Forwarded-For", forwardedFor));
	}

	private static MockHttpServletRequest request(String peer, String header, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		request.setRemoteAddr(peer);
		request.addHeader(header, value);
		return request;
	}

	@Configuration(proxyBeanMethods = false)
	static class ResolverConfiguration {

		@Bean
		ClientAddressResolver customClientAddressResolver() {
			return new ClientAddressResolver(List.of("192.0.2.0/24"));
		}

	}

}
