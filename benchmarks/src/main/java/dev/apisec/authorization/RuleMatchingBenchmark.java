package dev.apisec.authorization;

import java.util.List;
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
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Authorization of one request against 10, 100 or 1000 configured rules, built the way
 * the starter's chain builds them ({@code index}: a {@link RuleIndex} of the rules, then
 * the default access) and, for comparison, the way it built them before ({@code linear}:
 * each rule's path-pattern matcher mapped to its {@link RuleAuthorizationManager}, tried
 * in order). Rules are {@code GET /api/r<i>/items/{id}} needing role {@code USER} under
 * the hierarchy {@code ADMIN > USER}; the caller holds {@code ADMIN}.
 * <ul>
 * <li>{@code first}: the request matches the first rule;</li>
 * <li>{@code last}: the request matches the last rule, after every other was tried;</li>
 * <li>{@code none}: no rule matches, the default access denies.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuleMatchingBenchmark {

	@Param({ "10", "100", "1000" })
	int rules;

	@Param({ "first", "last", "none" })
	String target;

	/**
	 * {@code index}: the starter's {@link RuleIndex}; {@code linear}: one matcher per
	 * rule.
	 */
	@Param({ "index", "linear" })
	String matching;

	private AuthorizationManager<HttpServletRequest> manager;

	private MockHttpServletRequest request;

	private final Supplier<Authentication> authentication = () -> new TestingAuthenticationToken("bench", null,
			"ROLE_ADMIN");

	@Setup(Level.Trial)
	public void setUp() {
		AuthorizationProperties properties = new AuthorizationProperties();
		for (int i = 0; i < this.rules; i++) {
			AuthorizationProperties.Rule rule = new AuthorizationProperties.Rule();
			rule.setName("rule-" + i);
			rule.setPaths(List.of("/api/r" + i + "/items/{id}"));
			rule.setMethods(List.of("GET"));
			rule.setRoles(List.of("USER"));
			properties.getRules().add(rule);
		}
		this.manager = "linear".equals(this.matching) ? BenchmarkChain.linear(properties, "ADMIN > USER")
				: BenchmarkChain.of(properties, "ADMIN > USER");
		int index = switch (this.target) {
			case "first" -> 0;
			case "last" -> this.rules - 1;
			default -> this.rules;
		};
		this.request = new MockHttpServletRequest("GET", "/api/r" + index + "/items/42");
		ServletRequestPathUtils.parseAndCache(this.request);
	}

	@Benchmark
	public AuthorizationResult authorize() {
		return this.manager.authorize(this.authentication, this.request);
	}

}
