package dev.apisec.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.ratelimit.RateLimitProperties.Headers;
import dev.apisec.ratelimit.RateLimitProperties.OnBackendFailure;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.NetworkAutoConfiguration;
import dev.apisec.web.ProblemResponseWriter;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static dev.apisec.support.FeatureConditions.featureConditionMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitAutoConfiguration}.
 */
class RateLimitAutoConfigurationTests {

	private static final String POLICY = "apisec.rate-limit.policies[0]";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, NetworkAutoConfiguration.class));

	@Test
	void withoutPoliciesRateLimitingIsOff() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RateLimitFilter.class);
			assertThat(context).doesNotHaveBean(RateLimitPolicies.class);
			assertThat(context).doesNotHaveBean(RateLimitBackend.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(RateLimitProperties.class);
			assertThat(featureConditionMessage(context, RateLimitAutoConfiguration.class))
				.isEqualTo("API security rate limiting did not find policies");
		});
	}

	@Test
	void policiesTurnRateLimitingOnWithTheMemoryBackend() {
		this.contextRunner.withPropertyValues(policy(0, "orders")).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitFilter.class);
			assertThat(context).hasSingleBean(RateLimitPolicies.class);
			assertThat(context).hasSingleBean(MemoryRateLimitBackend.class);
			assertThat(context.getBean(RateLimitBackend.class).name()).isEqualTo("memory");
			RateLimitPolicy policy = context.getBean(RateLimitPolicies.class).policies().get(0);
			assertThat(policy.getName()).isEqualTo("orders");
			assertThat(policy.getCost()).isEqualTo(1);
			assertThat(policy.getLimits())
				.containsExactly(new RateLimitPolicy.Limit("orders", 10, Duration.ofMinutes(1)));
			assertThat(featureConditionMessage(context, RateLimitAutoConfiguration.class))
				.isEqualTo("API security rate limiting found policies apisec.rate-limit.policies");
		});
	}

	@Test
	void filterIsRegisteredAfterSpringSecurityForRequestDispatchOnly() {
		this.contextRunner.withPropertyValues(policy(0, "orders")).run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class);
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilterName()).isEqualTo("apisecRateLimitFilter");
			assertThat(registration.getFilter()).isSameAs(context.getBean(RateLimitFilter.class));
			assertThat(registration.getOrder()).isEqualTo(ApiSecFilterOrder.RATE_LIMIT);
			assertThat(registration.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
		});
	}

	@Test
	void policiesAreBoundInOrderWithTheirLimitsMethodsAndCost() {
		this.contextRunner
			.withPropertyValues(
					policy(0, "search", POLICY + ".limits[1].name=steady", POLICY + ".limits[1].capacity=100",
							POLICY + ".limits[1].period=1h", POLICY + ".cost=2", POLICY + ".methods=get,POST"))
			.withPropertyValues(policy(1, "login"))
			.run((context) -> {
				List<RateLimitPolicy> policies = context.getBean(RateLimitPolicies.class).policies();
				assertThat(policies).extracting(RateLimitPolicy::getName).containsExactly("search", "login");
				assertThat(policies.get(0).getLimits()).containsExactly(
						new RateLimitPolicy.Limit("search-0", 10, Duration.ofMinutes(1)),
						new RateLimitPolicy.Limit("steady", 100, Duration.ofHours(1)));
				assertThat(policies.get(0).getCost()).isEqualTo(2);
				assertThat(policies.get(0).matches(new MockHttpServletRequest("POST", "/api/search"))).isTrue();
				assertThat(policies.get(0).matches(new MockHttpServletRequest("DELETE", "/api/search"))).isFalse();
				assertThat(policies.get(1).matches(new MockHttpServletRequest("DELETE", "/api/login"))).isTrue();
			});
	}

	@Test
	void disablingRateLimitingWinsOverPolicies() {
		this.contextRunner.withPropertyValues(policy(0, "orders", "apisec.rate-limit.enabled=false")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RateLimitFilter.class);
			assertThat(context).doesNotHaveBean(RateLimitPolicies.class);
			assertThat(context).doesNotHaveBean(RateLimitBackend.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(featureConditionMessage(context, RateLimitAutoConfiguration.class))
				.isEqualTo("API security rate limiting apisec.rate-limit.enabled is false");
		});
	}

	@Test
	void enablingRateLimitingWithoutPoliciesDefinesAFilterWithoutPolicies() {
		this.contextRunner.withPropertyValues("apisec.rate-limit.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(RateLimitFilter.class);
			assertThat(context).hasSingleBean(MemoryRateLimitBackend.class);
			assertThat(context).hasSingleBean(FilterRegistrationBean.class);
			assertThat(context.getBean(RateLimitPolicies.class).policies()).isEmpty();
			assertThat(featureConditionMessage(context, RateLimitAutoConfiguration.class))
				.isEqualTo("API security rate limiting apisec.rate-limit.enabled is true");
		});
	}

	@Test
	void disablingTheStarterRemovesRateLimiting() {
		this.contextRunner.withPropertyValues(policy(0, "orders", "apisec.enabled=false", POLICY + ".key=cookie"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RateLimitFilter.class);
				assertThat(context).doesNotHaveBean(RateLimitPolicies.class);
				assertThat(context).doesNotHaveBean(RateLimitBackend.class);
				assertThat(context).doesNotHaveBean(RateLimitProperties.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void withoutBucket4jNoRateLimitBeansAreDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Bucket.class))
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RateLimitFilter.class);
				assertThat(context).doesNotHaveBean(RateLimitPolicies.class);
				assertThat(context).doesNotHaveBean(RateLimitBackend.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void withoutSpringSecurityNoRateLimitBeansAreDefined() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RateLimitFilter.class);
				assertThat(context).doesNotHaveBean(RateLimitPolicies.class);
				assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	@Test
	void userBackendReplacesTheMemoryBackend() {
		this.contextRunner.withUserConfiguration(BackendConfiguration.class)
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitBackend.class);
				assertThat(context).doesNotHaveBean(MemoryRateLimitBackend.class);
				assertThat(context).hasBean("customRateLimitBackend");
				assertThat(context).hasSingleBean(RateLimitFilter.class);
			});
	}

	@Test
	void userPoliciesReplaceTheConfiguredPolicies() {
		this.contextRunner.withUserConfiguration(PoliciesConfiguration.class)
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitPolicies.class);
				assertThat(context).doesNotHaveBean("apisecRateLimitPolicies");
				assertThat(context.getBean(RateLimitPolicies.class).policies()).isEmpty();
				assertThat(context).hasSingleBean(RateLimitFilter.class);
			});
	}

	@Test
	void userFilterReplacesTheStarterFilterAndIsRegistered() {
		this.contextRunner.withUserConfiguration(FilterConfiguration.class)
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitFilter.class);
				assertThat(context).doesNotHaveBean("apisecRateLimitFilter");
				assertThat(context.getBean(FilterRegistrationBean.class).getFilter())
					.isSameAs(context.getBean("customRateLimitFilter"));
			});
	}

	@Test
	void requestCountersAreRegisteredForEveryPolicyAndOutcome() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues(policy(0, "orders"))
			.withPropertyValues(policy(1, "login"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("apisec.ratelimit.requests").counters()).hasSize(6);
				for (String policy : List.of("orders", "login")) {
					for (String outcome : List.of("allowed", "rejected", "backend_error")) {
						Counter counter = registry.find("apisec.ratelimit.requests")
							.tags("policy", policy, "outcome", outcome)
							.counter();
						assertThat(counter).as(policy + "/" + outcome).isNotNull();
						assertThat(counter.count()).isZero();
					}
				}
			});
	}

	@Test
	void switchCountersOfBothDirectionsAreRegisteredAtStartup() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues(policy(0, "orders", "apisec.rate-limit.on-backend-failure=local"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (String to : List.of("local", "memory")) {
					Counter counter = registry.find("apisec.ratelimit.backend.switches").tag("to", to).counter();
					assertThat(counter).as("to=" + to).isNotNull();
					assertThat(counter.count()).isZero();
				}
			});
	}

	@Test
	void withoutMeterRegistryNothingIsCounted() {
		this.contextRunner.withPropertyValues(policy(0, "orders"))
			.run((context) -> assertThat(context.getBean(RateLimitMetrics.class)).isSameAs(RateLimitMetrics.NONE));
	}

	@Test
	void withoutMicrometerRateLimitingWorksUncounted() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RateLimitMetrics.class);
				assertThat(get(context, "/api/orders").getStatus()).isEqualTo(200);
			});
	}

	@Test
	void allowedRequestIsCounted() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues(policy(0, "orders"))
			.run((context) -> {
				get(context, "/api/orders");
				assertThat(context.getBean(MeterRegistry.class)
					.get("apisec.ratelimit.requests")
					.tags("policy", "orders", "outcome", "allowed")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void ietfHeadersAreTheDefault() {
		this.contextRunner.withPropertyValues(policy(0, "orders")).run((context) -> {
			assertThat(context.getBean(RateLimitProperties.class).getHeaders()).isEqualTo(Headers.IETF);
			MockHttpServletResponse response = get(context, "/api/orders");
			assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"orders\";q=10;w=60");
			assertThat(response.getHeader("RateLimit")).isEqualTo("\"orders\";r=9;t=6");
		});
	}

	@ParameterizedTest
	@CsvSource({ "ietf, IETF, RateLimit-Policy", "legacy, LEGACY, X-RateLimit-Limit",
			"LEGACY, LEGACY, X-RateLimit-Limit", "none, NONE," })
	void headersAreBound(String value, Headers headers, String expectedHeader) {
		this.contextRunner.withPropertyValues(policy(0, "orders", "apisec.rate-limit.headers=" + value))
			.run((context) -> {
				assertThat(context.getBean(RateLimitProperties.class).getHeaders()).isEqualTo(headers);
				MockHttpServletResponse response = get(context, "/api/orders");
				assertThat(response.getStatus()).isEqualTo(200);
				List<String> rateLimitHeaders = response.getHeaderNames()
					.stream()
					.filter((name) -> name.contains("RateLimit"))
					.toList();
				if (expectedHeader == null) {
					assertThat(rateLimitHeaders).isEmpty();
				}
				else {
					assertThat(rateLimitHeaders).contains(expectedHeader);
				}
			});
	}

	@Test
	void otherPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues(
					policy(0, "orders", "apisec.rate-limit.max-keys=500", "apisec.rate-limit.on-backend-failure=deny"))
			.run((context) -> {
				RateLimitProperties properties = context.getBean(RateLimitProperties.class);
				assertThat(properties.getMaxKeys()).isEqualTo(500);
				assertThat(properties.getOnBackendFailure()).isEqualTo(OnBackendFailure.DENY);
			});
	}

	@Test
	void policyWithoutNameFailsStartup() {
		this.contextRunner
			.withPropertyValues(POLICY + ".paths=/api/**", POLICY + ".limits[0].capacity=10",
					POLICY + ".limits[0].period=1m")
			.run((context) -> assertConfigurationFailure(context, POLICY + ".name", "'null' is not a policy name",
					"1 to 64 letters, digits, '.', '_' or '-'"));
	}

	@Test
	void policyNameWithIllegalCharactersFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders/v1"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".name", "'orders/v1' is not a policy name",
					"1 to 64 letters, digits, '.', '_' or '-'"));
	}

	@Test
	void limitNameThatWouldBreakTheRateLimitHeadersFailsStartup() {
		this.contextRunner
			.withPropertyValues(policy(0, "orders", POLICY + ".limits[1].name=steady\", burst",
					POLICY + ".limits[1].capacity=100", POLICY + ".limits[1].period=1h"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".limits[1].name",
					"'steady\", burst' is not a limit name", "1 to 64 letters, digits, '.', '_' or '-'"));
	}

	@Test
	void duplicatePolicyNameFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders"))
			.withPropertyValues(policy(1, "login"))
			.withPropertyValues(policy(2, "orders"))
			.run((context) -> assertConfigurationFailure(context, "apisec.rate-limit.policies[2].name",
					"the policy name 'orders' is used twice", "Give every rate-limit policy its own name."));
	}

	@Test
	void policyWithoutPathsFailsStartup() {
		this.contextRunner
			.withPropertyValues(POLICY + ".name=orders", POLICY + ".limits[0].capacity=10",
					POLICY + ".limits[0].period=1m")
			.run((context) -> assertConfigurationFailure(context, POLICY + ".paths", "the policy 'orders' has no paths",
					"Set " + POLICY + ".paths to one or more path patterns"));
	}

	@Test
	void malformedPathPatternFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".paths=/api/orders,/api/**/items"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".paths[1]",
					"'/api/**/items' is not a valid path pattern", "'**' or '{*name}' only at the end"));
	}

	@Test
	void pathNotStartingWithSlashFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".paths=api/orders"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".paths[0]",
					"'api/orders' is not a path pattern", "starting with '/'"));
	}

	@Test
	void unknownHttpMethodFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".methods=GET,FETCH"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".methods[1]",
					"'FETCH' is not an HTTP method", "Use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE."));
	}

	@Test
	void policyWithoutLimitsFailsStartup() {
		this.contextRunner.withPropertyValues(POLICY + ".name=orders", POLICY + ".paths=/api/orders/**")
			.run((context) -> assertConfigurationFailure(context, POLICY + ".limits",
					"the policy 'orders' has no limits",
					POLICY + ".limits[0].capacity=100 and " + POLICY + ".limits[0].period=1m"));
	}

	@Test
	void zeroCapacityFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".limits[0].capacity=0"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".limits[0].capacity",
					"the capacity must be at least 1",
					"Set " + POLICY + ".limits[0].capacity to the requests allowed"));
	}

	@Test
	void zeroPeriodFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".limits[0].period=0s"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".limits[0].period",
					"the period must be positive", "Set " + POLICY + ".limits[0].period to a duration such as 1s"));
	}

	@Test
	void missingPeriodFailsStartup() {
		this.contextRunner
			.withPropertyValues(
					policy(0, "orders", POLICY + ".limits[1].name=steady", POLICY + ".limits[1].capacity=100"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".limits[1].period",
					"the period must be positive", "Set " + POLICY + ".limits[1].period to a duration such as 1s"));
	}

	@Test
	void zeroCostFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".cost=0"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".cost",
					"the cost 0 must be between 1 and the smallest capacity (10)",
					"no more than the smallest limit's capacity"));
	}

	@Test
	void costAboveTheSmallestCapacityFailsStartup() {
		this.contextRunner
			.withPropertyValues(policy(0, "orders", POLICY + ".limits[1].capacity=3", POLICY + ".limits[1].period=1s",
					POLICY + ".cost=5"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".cost",
					"the cost 5 must be between 1 and the smallest capacity (3)",
					"no more than the smallest limit's capacity"));
	}

	@Test
	void costEqualToTheSmallestCapacityIsAccepted() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".cost=10"))
			.run((context) -> assertThat(context.getBean(RateLimitPolicies.class).policies().get(0).getCost())
				.isEqualTo(10));
	}

	@Test
	void unknownKeyKindFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".key=cookie"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".key", "'cookie' is not a rate-limit key",
					"Use ip, principal, api-key, header:<name> or claim:<path>"));
	}

	@Test
	void malformedClaimKeyFailsStartup() {
		this.contextRunner.withPropertyValues(policy(0, "orders", POLICY + ".key=claim:['x"))
			.run((context) -> assertConfigurationFailure(context, POLICY + ".key",
					"'claim:['x' is not a rate-limit key",
					"Use ip, principal, api-key, header:<name> or claim:<path>"));
	}

	@Test
	void everyKeyKindIsAccepted() {
		this.contextRunner.withPropertyValues(policy(0, "by-ip", POLICY + ".key=ip"))
			.withPropertyValues(policy(1, "by-principal", "apisec.rate-limit.policies[1].key=principal"))
			.withPropertyValues(policy(2, "by-api-key", "apisec.rate-limit.policies[2].key=api-key"))
			.withPropertyValues(policy(3, "by-header", "apisec.rate-limit.policies[3].key=header:X-Tenant"))
			.withPropertyValues(policy(4, "by-claim", "apisec.rate-limit.policies[4].key=claim:realm_access.tenant"))
			.run((context) -> assertThat(context.getBean(RateLimitPolicies.class).policies()).hasSize(5));
	}

	@ParameterizedTest
	@CsvSource({ "0", "-0.5", "1.5", "NaN" })
	void localFallbackShareOutsideZeroToOneFailsStartup(String share) {
		this.contextRunner
			.withPropertyValues(policy(0, "orders", "apisec.rate-limit.on-backend-failure=local",
					"apisec.rate-limit.local-fallback.share=" + share))
			.run((context) -> assertConfigurationFailure(context, "apisec.rate-limit.local-fallback.share",
					"the share of the limits must be more than 0 and at most 1, but is " + Double.parseDouble(share),
					"to a fraction such as 0.5"));
	}

	@Test
	void localModeGivesTheFilterLocalBucketsAtTheConfiguredShare() {
		this.contextRunner
			.withPropertyValues(policy(0, "orders", "apisec.rate-limit.on-backend-failure=local",
					"apisec.rate-limit.local-fallback.share=0.5"))
			.run((context) -> {
				LocalRateLimitFallback fallback = context.getBean(RateLimitFilter.class).localFallback();
				assertThat(fallback).isNotNull();
				assertThat(fallback.isLocal()).isFalse();
				RateLimitPolicy policy = context.getBean(RateLimitPolicies.class).policies().get(0);
				// 10 a minute in the policy, 5 in local buckets.
				for (int i = 0; i < 5; i++) {
					assertThat(fallback.tryConsume(policy, "ip:192.0.2.1").allowed()).isTrue();
				}
				assertThat(fallback.tryConsume(policy, "ip:192.0.2.1").allowed()).isFalse();
			});
	}

	@Test
	void allowAndDenyModesHaveNoLocalBuckets() {
		this.contextRunner.withPropertyValues(policy(0, "orders", "apisec.rate-limit.on-backend-failure=deny"))
			.run((context) -> assertThat(context.getBean(RateLimitFilter.class).localFallback()).isNull());
	}

	private static String[] policy(int index, String name, String... more) {
		String prefix = "apisec.rate-limit.policies[" + index + "]";
		String[] properties = { prefix + ".name=" + name, prefix + ".paths=/api/" + name + "/**,/api/" + name,
				prefix + ".limits[0].capacity=10", prefix + ".limits[0].period=1m" };
		String[] result = new String[properties.length + more.length];
		System.arraycopy(properties, 0, result, 0, properties.length);
		System.arraycopy(more, 0, result, properties.length, more.length);
		return result;
	}

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path)
			throws IOException, ServletException {
		assertThat(context).hasNotFailed();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setRemoteAddr("203.0.113.7");
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean(RateLimitFilter.class).doFilter(request, response, new MockFilterChain());
		return response;
	}

	@Configuration(proxyBeanMethods = false)
	static class BackendConfiguration {

		@Bean
		RateLimitBackend customRateLimitBackend() {
			return new RateLimitBackend() {

				@Override
				public RateLimitDecision tryConsume(RateLimitPolicy policy, String key) {
					return new RateLimitDecision(true, new long[] { 1 }, 0);
				}

				@Override
				public String name() {
					return "custom";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoliciesConfiguration {

		@Bean
		RateLimitPolicies customRateLimitPolicies() {
			return new RateLimitPolicies(List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FilterConfiguration {

		@Bean
		RateLimitFilter customRateLimitFilter() {
			return new RateLimitFilter(new RateLimitPolicies(List.of()), new MemoryRateLimitBackend(10, Duration.ZERO),
					new ClientAddressResolver(List.of()), new RateLimitHeaders(Headers.NONE), OnBackendFailure.ALLOW,
					RateLimitMetrics.NONE, new ProblemResponseWriter(), SecurityEvents.NONE, SecurityObservations.NONE);
		}

	}

}
