package dev.apisec.authorization;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Authorization of {@code GET /api/tenants/acme/orders} by one rule on
 * {@code /api/tenants/{tenantId}/orders} needing role {@code USER}, built as the
 * starter's chain builds it ({@link BenchmarkChain}), for a caller with a JWT
 * ({@code tenant: acme}, roles, a project list):
 * <ul>
 * <li>{@code roles}: the rule has no attribute condition (the cost before attribute
 * rules);</li>
 * <li>{@code claim}: plus {@code claims: {tenant: acme}};</li>
 * <li>{@code variable}: plus {@code claims: {tenant: "{tenantId}"}};</li>
 * <li>{@code nested}: plus {@code claims: {org.tenant: "{tenantId}"}}, a nested
 * claim;</li>
 * <li>{@code list}: plus {@code claims: {tenants: "{tenantId}"}}, the last of three
 * elements of a list claim;</li>
 * <li>{@code expression}: plus
 * {@code expression: "principal.claims['tenant'] == #tenantId"}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttributeRuleBenchmark {

	@Param({ "roles", "claim", "variable", "nested", "list", "expression" })
	String condition;

	private AuthorizationManager<HttpServletRequest> manager;

	private MockHttpServletRequest request;

	private Supplier<Authentication> authentication;

	@Setup(Level.Trial)
	public void setUp() {
		AuthorizationProperties.Rule rule = new AuthorizationProperties.Rule();
		rule.setName("tenant-orders");
		rule.setPaths(List.of("/api/tenants/{tenantId}/orders"));
		rule.setMethods(List.of("GET"));
		rule.setRoles(List.of("USER"));
		switch (this.condition) {
			case "claim" -> rule.setClaims(Map.of("tenant", "acme"));
			case "variable" -> rule.setClaims(Map.of("tenant", "{tenantId}"));
			case "nested" -> rule.setClaims(Map.of("org.tenant", "{tenantId}"));
			case "list" -> rule.setClaims(Map.of("tenants", "{tenantId}"));
			case "expression" -> rule.setExpression("principal.claims['tenant'] == #tenantId");
			default -> {
			}
		}
		AuthorizationProperties properties = new AuthorizationProperties();
		properties.getRules().add(rule);
		this.manager = BenchmarkChain.of(properties, "ADMIN > USER");
		Jwt jwt = Jwt.withTokenValue("benchmark")
			.header("alg", "RS256")
			.subject("alice")
			.claim("tenant", "acme")
			.claim("org", Map.of("tenant", "acme"))
			.claim("tenants", List.of("globex", "initech", "acme"))
			.claim("roles", List.of("USER"))
			.claim("projects", List.of("p-1", "p-2", "p-3"))
			.build();
		JwtAuthenticationToken token = new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("ROLE_USER"));
		this.authentication = () -> token;
		this.request = new MockHttpServletRequest("GET", "/api/tenants/acme/orders");
		ServletRequestPathUtils.parseAndCache(this.request);
		if (!this.manager.authorize(this.authentication, this.request).isGranted()) {
			throw new IllegalStateException("the benchmark request must be granted");
		}
	}

	@Benchmark
	public AuthorizationResult authorize() {
		return this.manager.authorize(this.authentication, this.request);
	}

}
