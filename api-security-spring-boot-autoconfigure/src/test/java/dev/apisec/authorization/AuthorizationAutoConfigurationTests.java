package dev.apisec.authorization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apisec.audit.ApiSecAuditAutoConfiguration;
import dev.apisec.audit.SecurityEvents;
import dev.apisec.authorization.AuthorizationProperties.Access;
import dev.apisec.jwt.ClaimPath;
import dev.apisec.jwt.JwtAutoConfiguration;
import dev.apisec.jwt.TrustedIssuers;
import dev.apisec.support.RegisteredFailureAnalyzers;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.UnreachableFilterChainException;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.context.WebApplicationContext;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthorizationAutoConfiguration}.
 */
class AuthorizationAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthorizationAutoConfiguration.class, JwtAutoConfiguration.class,
				SecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class));

	@Test
	void starterChainReplacesSpringBootDefaultChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("apisecSecurityFilterChain");
			assertThat(context).doesNotHaveBean("defaultSecurityFilterChain");
			assertThat(context).doesNotHaveBean("jwtSecurityFilterChain");
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(filterChains(context)).containsExactly(apisecChain(context));
		});
	}

	@Test
	void starterChainAuthenticatesBearerTokensOnly() {
		this.contextRunner.run((context) -> assertThat(apisecChain(context).getFilters())
			.hasAtLeastOneElementOfType(BearerTokenAuthenticationFilter.class)
			.doesNotHaveAnyElementsOfTypes(UsernamePasswordAuthenticationFilter.class,
					BasicAuthenticationFilter.class));
	}

	@Test
	void successfulAuthenticationsAreReportedWhenThereAreSecurityEvents() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ApiSecAuditAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasBean("apisecAuthenticationSuccessCustomizer");
				assertThat(apisecChain(context).getFilters())
					.hasAtLeastOneElementOfType(AuthenticationSuccessFilter.class);
			});
		this.contextRunner.withBean(SecurityEvents.class, () -> SecurityEvents.NONE).run((context) -> {
			// Events that go nowhere: the customizer is defined, the filter left out.
			assertThat(context).hasBean("apisecAuthenticationSuccessCustomizer");
			assertThat(apisecChain(context).getFilters())
				.doesNotHaveAnyElementsOfTypes(AuthenticationSuccessFilter.class);
		});
	}

	@Test
	void successfulAuthenticationsAreNotReportedWithoutSecurityEvents() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean("apisecAuthenticationSuccessCustomizer");
			assertThat(apisecChain(context).getFilters())
				.doesNotHaveAnyElementsOfTypes(AuthenticationSuccessFilter.class);
		});
	}

	@Test
	void noUserDetailsServiceIsAutoConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(UserDetailsService.class);
			assertThat(context).doesNotHaveBean(InMemoryUserDetailsManager.class);
		});
	}

	@Test
	void noUserIsGeneratedEvenWithoutTheOAuth2ClassesThatMakeSpringBootBackOff() {
		// Without an OAuth2 alternative on the classpath, only the starter's JwtDecoder
		// keeps Spring Boot from generating a user and logging its password.
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(OpaqueTokenIntrospector.class, ClientRegistrationRepository.class))
			.run((context) -> assertThat(context).doesNotHaveBean(UserDetailsService.class));
	}

	@Test
	void springBootManagementChainBacksOff() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ManagementWebSecurityAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("managementSecurityFilterChain");
				assertThat(context).hasSingleBean(SecurityFilterChain.class);
			});
	}

	@Test
	void rulesAreBoundInOrder() {
		this.contextRunner.withPropertyValues("apisec.authorization.rules[0].name=catalog",
				"apisec.authorization.rules[0].paths=/api/products/**", "apisec.authorization.rules[0].methods=get",
				"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[1].paths=/api/orders/{id}",
				"apisec.authorization.rules[1].roles=ROLE_ADMIN,CLERK",
				"apisec.authorization.rules[1].scopes=orders.read", "apisec.authorization.default-access=authenticated")
			.run((context) -> {
				AuthorizationRules rules = context.getBean(AuthorizationRules.class);
				assertThat(rules.defaultAccess()).isEqualTo(Access.AUTHENTICATED);
				assertThat(rules.rules()).containsExactly(
						new AuthorizationRule("catalog", List.of("/api/products/**"), Set.of(HttpMethod.GET),
								Access.PUBLIC, List.of(), List.of(), List.of(), null),
						new AuthorizationRule("rule-1", List.of("/api/orders/{id}"), Set.of(), null,
								List.of("ADMIN", "CLERK"), List.of("orders.read"), List.of(), null));
			});
	}

	@Test
	void defaultAccessIsDeny() {
		this.contextRunner.run((context) -> {
			AuthorizationRules rules = context.getBean(AuthorizationRules.class);
			assertThat(rules.rules()).isEmpty();
			assertThat(rules.defaultAccess()).isEqualTo(Access.DENY);
		});
	}

	@Test
	void roleHierarchyIsBound() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN > STAFF > USER",
					"apisec.authorization.role-hierarchy[1]=ROLE_AUDITOR > USER")
			.run((context) -> {
				RoleHierarchy hierarchy = context.getBean(RoleHierarchy.class);
				assertThat(reachable(hierarchy, "ROLE_ADMIN")).containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_STAFF",
						"ROLE_USER");
				assertThat(reachable(hierarchy, "ROLE_AUDITOR")).containsExactlyInAnyOrder("ROLE_AUDITOR", "ROLE_USER");
				assertThat(reachable(hierarchy, "ROLE_USER")).containsExactly("ROLE_USER");
			});
	}

	@Test
	void userChainWithItsOwnSecurityMatcherIsConsultedBeforeTheStarterChain() {
		this.contextRunner.withUserConfiguration(InternalChainConfiguration.class).run((context) -> {
			assertThat(context).hasBean("internalSecurityFilterChain");
			assertThat(context).hasBean("apisecSecurityFilterChain");
			assertThat(filterChains(context)).containsExactly(
					context.getBean("internalSecurityFilterChain", SecurityFilterChain.class), apisecChain(context));
		});
	}

	@Test
	void userChainWithoutSecurityMatcherFailsStartupBecauseTheStarterChainWouldBeUnreachable() {
		this.contextRunner.withUserConfiguration(CatchAllChainConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnreachableFilterChainException.class)
				.hasMessageContaining("'catchAllSecurityFilterChain'")
				.hasMessageContaining("'apisecSecurityFilterChain'");
			FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("catchAllSecurityFilterChain")
				.contains("apisecSecurityFilterChain");
			assertThat(analysis.getAction()).contains("securityMatcher")
				.contains("'apisecSecurityFilterChain'")
				.contains("apisec.enabled=false");
		});
	}

	@Test
	void chainOrderedAfterTheStarterChainFailsStartupInsteadOfBeingUnreachable() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LateChainAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnreachableFilterChainException.class)
				.hasMessageContaining("'apisecSecurityFilterChain'")
				.hasMessageContaining("'lateSecurityFilterChain'");
		});
	}

	@Test
	void userChainNamedApisecSecurityFilterChainReplacesTheStarterChain() {
		this.contextRunner.withUserConfiguration(ReplacementChainConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(apisecChain(context).getFilters()).hasAtLeastOneElementOfType(BasicAuthenticationFilter.class)
				.doesNotHaveAnyElementsOfTypes(BearerTokenAuthenticationFilter.class);
		});
	}

	@Test
	void userAuthorizationRulesReplaceTheConfiguredRules() {
		this.contextRunner.withUserConfiguration(AuthorizationRulesConfiguration.class)
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/**",
					"apisec.authorization.rules[0].access=deny")
			.run((context) -> {
				assertThat(context).hasSingleBean(AuthorizationRules.class);
				assertThat(context).doesNotHaveBean("apisecAuthorizationRules");
				assertThat(context.getBean(AuthorizationRules.class).defaultAccess()).isEqualTo(Access.PUBLIC);
			});
	}

	@Test
	void userRoleHierarchyReplacesTheConfiguredHierarchy() {
		this.contextRunner.withUserConfiguration(RoleHierarchyConfiguration.class)
			.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN > USER")
			.run((context) -> {
				assertThat(context).hasSingleBean(RoleHierarchy.class);
				assertThat(context).doesNotHaveBean("roleHierarchy");
				RoleHierarchy hierarchy = context.getBean(RoleHierarchy.class);
				assertThat(reachable(hierarchy, "ROLE_OWNER")).containsExactlyInAnyOrder("ROLE_OWNER", "ROLE_MEMBER");
				assertThat(reachable(hierarchy, "ROLE_ADMIN")).containsExactly("ROLE_ADMIN");
			});
	}

	@Test
	void httpSecurityCustomizersAreAppliedInOrder() {
		this.contextRunner.withUserConfiguration(CustomizersConfiguration.class).run((context) -> {
			assertThat(context.getBean(CustomizersConfiguration.class).applied).containsExactly("first", "second");
			assertThat(apisecChain(context).getFilters()).hasAtLeastOneElementOfType(MarkerFilter.class);
		});
	}

	@Test
	void userJwtDecoderAuthenticatesWithDefaultAuthorityMappingWhenStarterJwtValidationIsOff() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class)
			.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/orders",
					"apisec.authorization.rules[0].roles=CLERK")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TrustedIssuers.class);
				assertThat(get(context, "/api/orders", "Bearer clerk").getStatus()).isEqualTo(200);
				assertThat(get(context, "/api/invoices", "Bearer clerk").getStatus()).isEqualTo(403);
			});
	}

	@Test
	void userBearerTokenResolverReplacesTheStarters() {
		this.contextRunner.withUserConfiguration(JwtDecoderConfiguration.class)
			.withBean(BearerTokenResolver.class, () -> (request) -> request.getHeader("X-Token"))
			.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/orders",
					"apisec.authorization.rules[0].roles=CLERK")
			.run((context) -> {
				assertThat(get(context, "/api/orders", "X-Token", "clerk").getStatus()).isEqualTo(200);
				// The Authorization header is no longer read.
				assertThat(get(context, "/api/orders", "Bearer clerk").getStatus()).isEqualTo(401);
			});
	}

	@Test
	void disablingTheStarterRestoresSpringBootDefaults() {
		// Spring Boot defines its in-memory user only when no OAuth 2.0 alternative is on
		// the classpath; this module has the resource server and client libraries for its
		// own features.
		this.contextRunner.withPropertyValues("apisec.enabled=false")
			.withClassLoader(new FilteredClassLoader(OpaqueTokenIntrospector.class, ClientRegistrationRepository.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("apisecSecurityFilterChain");
				assertThat(context).doesNotHaveBean(AuthorizationRules.class);
				assertThat(context).doesNotHaveBean(RoleHierarchy.class);
				assertThat(context).hasBean("defaultSecurityFilterChain");
				assertThat(context).hasSingleBean(InMemoryUserDetailsManager.class);
			});
	}

	@Test
	void methodSecurityIsEnabledByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("preAuthorizeAuthorizationMethodInterceptor"));
	}

	@Test
	void methodSecurityCanBeDisabled() {
		this.contextRunner.withPropertyValues("apisec.authorization.method-security=false")
			.run((context) -> assertThat(context).doesNotHaveBean("preAuthorizeAuthorizationMethodInterceptor"));
	}

	@Test
	void ruleWithBothAccessAndRolesFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=orders",
					"apisec.authorization.rules[0].paths=/api/orders/**", "apisec.authorization.rules[0].access=public",
					"apisec.authorization.rules[0].roles=ADMIN")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].access",
					"the rule 'orders' sets both access and roles or scopes, which would be ambiguous",
					"Keep either apisec.authorization.rules[0].access or apisec.authorization.rules[0].roles"));
	}

	@Test
	void ruleWithNeitherAccessNorRolesNorScopesFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.authorization.rules[0].paths=/api/orders/**")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].access",
					"the rule 'rule-0' sets neither access nor roles nor scopes",
					"Set apisec.authorization.rules[0].access to public, authenticated or deny"));
	}

	@Test
	void ruleWithoutPathsFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/**",
					"apisec.authorization.rules[0].access=authenticated", "apisec.authorization.rules[1].access=public")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[1].paths",
					"the rule 'rule-1' has no paths",
					"Set apisec.authorization.rules[1].paths to one or more path patterns"));
	}

	@Test
	void pathWithDoubleWildcardInTheMiddleFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/products,/api/**/orders",
					"apisec.authorization.rules[0].access=public")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].paths[1]",
					"'/api/**/orders' is not a valid path pattern", "'**' or '{*name}' only at the end"));
	}

	@Test
	void pathWithUnclosedVariableFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/{id",
					"apisec.authorization.rules[0].access=public")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].paths[0]",
					"'/api/{id' is not a valid path pattern", "'{name}' for a variable"));
	}

	@Test
	void pathNotStartingWithSlashFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=api/orders",
					"apisec.authorization.rules[0].access=public")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].paths[0]",
					"'api/orders' is not a path pattern", "starting with '/'"));
	}

	@Test
	void unknownHttpMethodFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/orders",
					"apisec.authorization.rules[0].methods=GET,FETCH", "apisec.authorization.rules[0].access=public")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].methods[1]",
					"'FETCH' is not an HTTP method", "Use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE."));
	}

	@Test
	void roleHierarchyEntryWithoutLowerRoleFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.role-hierarchy[0]",
					"'ADMIN' is not a role hierarchy entry", "Write each entry as 'HIGHER > LOWER'"));
	}

	@Test
	void roleHierarchyEntryWithTrailingArrowFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN > USER",
					"apisec.authorization.role-hierarchy[1]=ADMIN >")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.role-hierarchy[1]",
					"'ADMIN >' is not a role hierarchy entry", "Write each entry as 'HIGHER > LOWER'"));
	}

	@Test
	void roleHierarchyEntryWithEmptyRoleFailsStartup() {
		this.contextRunner.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN > > USER")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.role-hierarchy[0]",
					"'ADMIN > > USER' is not a role hierarchy entry", "Write each entry as 'HIGHER > LOWER'"));
	}

	private static final String[] ISSUERS_WITH_DIFFERENT_CASES = {
			"apisec.jwt.issuers[0].issuer-uri=https://one.example.invalid",
			"apisec.jwt.issuers[0].jwk-set-uri=https://one.example.invalid/certs",
			"apisec.jwt.issuers[0].audiences=retail-api",
			"apisec.jwt.issuers[1].issuer-uri=https://two.example.invalid",
			"apisec.jwt.issuers[1].jwk-set-uri=https://two.example.invalid/certs",
			"apisec.jwt.issuers[1].audiences=retail-api", "apisec.jwt.issuers[1].roles.case=unchanged" };

	@Test
	void ruleRoleThatIssuersWithDifferentRoleCasesReadDifferentlyFailsStartup() {
		this.contextRunner.withPropertyValues(ISSUERS_WITH_DIFFERENT_CASES)
			.withPropertyValues("apisec.authorization.rules[0].name=inventory",
					"apisec.authorization.rules[0].paths=/api/inventory/**",
					"apisec.authorization.rules[0].roles=inventory-reader")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[1].roles.case",
					"the role 'inventory-reader' of rule 'inventory' would mean INVENTORY-READER for "
							+ "apisec.jwt.issuers[0] (roles.case upper) but inventory-reader for apisec.jwt.issuers[1] "
							+ "(roles.case unchanged)",
					"Give every issuer the same roles.case (e.g. apisec.jwt.issuers[1].roles.case=upper)"));
	}

	@Test
	void roleHierarchyEntryThatIssuersWithDifferentRoleCasesReadDifferentlyFailsStartup() {
		this.contextRunner.withPropertyValues(ISSUERS_WITH_DIFFERENT_CASES)
			.withPropertyValues("apisec.authorization.role-hierarchy[0]=ADMIN > staff")
			.run((context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[1].roles.case",
					"the role 'staff' of apisec.authorization.role-hierarchy[0] would mean STAFF"));
	}

	@Test
	void roleThatIssuersWithDifferentRoleCasesReadAlikeIsAccepted() {
		this.contextRunner.withPropertyValues(ISSUERS_WITH_DIFFERENT_CASES)
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/inventory/**",
					"apisec.authorization.rules[0].roles=INVENTORY-READER",
					"apisec.authorization.role-hierarchy[0]=ADMIN > INVENTORY-READER")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void claimConditionsAndExpressionAreBound() {
		// One property source: a claim name with a colon cannot be written as a test
		// property pair, and a list is bound from one source only.
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("apisec.authorization.rules[0].name", "tenant-orders");
		properties.put("apisec.authorization.rules[0].paths", "/api/tenants/{tenantId}/orders/**,/api/t/{tenantId}");
		properties.put("apisec.authorization.rules[0].roles", "USER");
		properties.put("apisec.authorization.rules[0].claims.tenant", "{tenantId}");
		properties.put("apisec.authorization.rules[0].claims.department", "finance");
		properties.put("apisec.authorization.rules[0].claims.realm_access.level", "3");
		properties.put("apisec.authorization.rules[0].claims[https://example.com/org]", "acme");
		properties.put("apisec.authorization.rules[0].expression", "hasRole('USER') and #tenantId != 'root'");
		properties.put("apisec.authorization.rules[1].name", "finance");
		properties.put("apisec.authorization.rules[1].paths", "/api/invoices/**");
		properties.put("apisec.authorization.rules[1].claims.department", "finance");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("rules", properties)))
			.run((context) -> {
				List<AuthorizationRule> rules = context.getBean(AuthorizationRules.class).rules();
				assertThat(rules.get(0).claims()).containsExactly(
						new ClaimCondition("tenant", ClaimPath.parse("tenant"), null, "tenantId"),
						new ClaimCondition("department", ClaimPath.parse("department"), "finance", null),
						new ClaimCondition("realm_access.level", ClaimPath.parse("realm_access.level"), "3", null),
						new ClaimCondition("https://example.com/org", ClaimPath.parse("https://example.com/org"),
								"acme", null));
				assertThat(rules.get(0).expression()).isEqualTo("hasRole('USER') and #tenantId != 'root'");
				// Claims alone imply an authenticated caller.
				assertThat(rules.get(1).access()).isNull();
				assertThat(rules.get(1).claims()).extracting(ClaimCondition::requirement).containsExactly("finance");
			});
	}

	@Test
	void claimNamingAVariableThatThePathLacksFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=tenants",
					"apisec.authorization.rules[0].paths=/api/tenants/{tenantId}/**",
					"apisec.authorization.rules[0].claims.tenant={tenant}")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].claims.tenant",
					"the claim 'tenant' of rule 'tenants' takes its value from {tenant}, which is not a variable of "
							+ "the path '/api/tenants/{tenantId}/**'",
					"Use a variable that every path of the rule declares"));
	}

	@Test
	void claimNamingAVariableThatOnlySomePathsDeclareFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=stores",
					"apisec.authorization.rules[0].paths=/api/stores/{storeId}/inventory,/api/stores",
					"apisec.authorization.rules[0].claims[org.store]={storeId}")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].claims[org.store]",
					"takes its value from {storeId}, which is not a variable of the path '/api/stores'",
					"give the paths without it a rule of their own"));
	}

	@Test
	void variablesWithRegularExpressionsAndCapturesAreRecognised() {
		this.contextRunner.withPropertyValues("apisec.authorization.rules[0].paths=/api/{id:[0-9]{3}}/{*rest}",
				"apisec.authorization.rules[0].claims.code={id}", "apisec.authorization.rules[0].claims.area={rest}")
			.run((context) -> assertThat(context.getBean(AuthorizationRules.class).rules().get(0).claims())
				.extracting(ClaimCondition::variable)
				.containsExactly("id", "rest"));
	}

	@Test
	void claimWithoutValueFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/**",
					"apisec.authorization.rules[0].claims.tenant=")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].claims.tenant",
					"the claim 'tenant' of rule 'rule-0' has no value", "Set the exact value the claim must have"));
	}

	@Test
	void malformedClaimNameFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/**",
					"apisec.authorization.rules[0].claims[realm_access..tenant]=x")
			.run((context) -> assertConfigurationFailure(context,
					"apisec.authorization.rules[0].claims[realm_access..tenant]",
					"'realm_access..tenant' of rule 'rule-0' is not a claim name", "Name a claim such as tenant"));
	}

	@Test
	void publicRuleWithClaimsFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=catalog",
					"apisec.authorization.rules[0].paths=/api/products/**",
					"apisec.authorization.rules[0].access=public", "apisec.authorization.rules[0].claims.tenant=acme")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].access",
					"the rule 'catalog' is public and also sets claims or an expression: such a rule admits callers "
							+ "without credentials",
					"set it to authenticated"));
	}

	@Test
	void denyRuleWithExpressionFailsStartup() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=blocked",
					"apisec.authorization.rules[0].paths=/api/blocked/**", "apisec.authorization.rules[0].access=deny",
					"apisec.authorization.rules[0].expression=hasRole('ADMIN')")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].access",
					"the rule 'blocked' is deny and also sets claims or an expression",
					"Remove apisec.authorization.rules[0].access"));
	}

	@Test
	void authenticatedRuleMayHaveClaims() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].paths=/api/**",
					"apisec.authorization.rules[0].access=authenticated",
					"apisec.authorization.rules[0].claims.tenant=acme")
			.run((context) -> assertThat(context.getBean(AuthorizationRules.class).rules().get(0).access())
				.isEqualTo(Access.AUTHENTICATED));
	}

	@Test
	void expressionWithSyntaxErrorFailsStartupNamingTheRule() {
		this.contextRunner
			.withPropertyValues("apisec.authorization.rules[0].name=tenants",
					"apisec.authorization.rules[0].paths=/api/tenants/{tenantId}/**",
					"apisec.authorization.rules[0].expression=hasRole('ADMIN') or (#tenantId ==")
			.run((context) -> assertConfigurationFailure(context, "apisec.authorization.rules[0].expression",
					"the expression of rule 'tenants' is not valid SpEL", "Write a Spring Security expression"));
	}

	@Test
	void expressionOfAUserSuppliedRuleIsParsedWhenTheChainIsBuilt() {
		this.contextRunner.withUserConfiguration(BadExpressionRulesConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("The expression of rule 'custom' is not valid SpEL");
		});
	}

	private static SecurityFilterChain apisecChain(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean("apisecSecurityFilterChain", SecurityFilterChain.class);
	}

	private static List<SecurityFilterChain> filterChains(AssertableWebApplicationContext context) {
		return context.getBean("springSecurityFilterChain", FilterChainProxy.class).getFilterChains();
	}

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path,
			String authorization) throws IOException, ServletException {
		return get(context, path, "Authorization", authorization);
	}

	private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path, String header,
			String value) throws IOException, ServletException {
		// Registered as the embedded web server does, for the actuator request matchers.
		ServletContext servletContext = context.getServletContext();
		servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE,
				context.getSourceApplicationContext());
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", path);
		request.addHeader(header, value);
		MockHttpServletResponse response = new MockHttpServletResponse();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static List<String> reachable(RoleHierarchy hierarchy, String role) {
		return hierarchy.getReachableGrantedAuthorities(AuthorityUtils.createAuthorityList(role))
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class InternalChainConfiguration {

		@Bean
		SecurityFilterChain internalSecurityFilterChain(HttpSecurity http) throws Exception {
			http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/internal/**"));
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CatchAllChainConfiguration {

		@Bean
		SecurityFilterChain catchAllSecurityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

	@AutoConfiguration(after = AuthorizationAutoConfiguration.class)
	static class LateChainAutoConfiguration {

		@Bean
		SecurityFilterChain lateSecurityFilterChain(HttpSecurity http) throws Exception {
			http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/internal/**"));
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JwtDecoderConfiguration {

		@Bean
		JwtDecoder jwtDecoder() {
			return (token) -> Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.issuer("https://other-idp.example.invalid")
				.subject("alice")
				.claim("roles", List.of(token.equals("clerk") ? "clerk" : "guest"))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplacementChainConfiguration {

		@Bean
		SecurityFilterChain apisecSecurityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthorizationRulesConfiguration {

		@Bean
		AuthorizationRules customAuthorizationRules() {
			return new AuthorizationRules(List.of(), Access.PUBLIC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadExpressionRulesConfiguration {

		@Bean
		AuthorizationRules customAuthorizationRules() {
			return new AuthorizationRules(List.of(new AuthorizationRule("custom", List.of("/api/**"), Set.of(), null,
					List.of(), List.of(), List.of(), "hasRole(")), Access.DENY);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoleHierarchyConfiguration {

		@Bean
		RoleHierarchy customRoleHierarchy() {
			return RoleHierarchyImpl.withDefaultRolePrefix().role("OWNER").implies("MEMBER").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		final List<String> applied = new ArrayList<>();

		@Bean
		@Order(2)
		ApiSecHttpSecurityCustomizer secondCustomizer() {
			return (http) -> this.applied.add("second");
		}

		@Bean
		@Order(1)
		ApiSecHttpSecurityCustomizer firstCustomizer() {
			return (http) -> {
				this.applied.add("first");
				http.addFilterAfter(new MarkerFilter(), SecurityContextHolderFilter.class);
			};
		}

	}

	static class MarkerFilter implements Filter {

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(request, response);
		}

	}

}
