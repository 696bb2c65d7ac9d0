package dev.apisec.ratelimit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.apisec.test.Await;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits over real HTTP: each key kind, burst plus steady, cost, several policies,
 * headers on allowed and rejected responses, and forwarded headers from an untrusted peer
 * that cannot dodge the limit.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RateLimitHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "a-rate-limit-test-secret-of-32-bytes!",
			"api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/limited/**", "access=public");
		policy(registry, 0, "by-ip", "/api/limited/ip", "ip", 3, "1h");
		policy(registry, 1, "burst-steady", "/api/limited/burst", "ip", 2, "1s");
		TestProperties.add(registry, "apisec.rate-limit.policies[1]", "limits[1].capacity=4", "limits[1].period=1h",
				"limits[0].name=burst", "limits[1].name=steady");
		policy(registry, 2, "by-principal", "/api/limited/principal", "principal", 2, "1h");
		policy(registry, 3, "by-header", "/api/limited/header", "header:X-Tenant", 2, "1h");
		policy(registry, 4, "by-claim", "/api/limited/claim", "claim:tenant", 2, "1h");
		policy(registry, 5, "by-api-key", "/api/limited/api-key", "api-key", 2, "1h");
		policy(registry, 6, "spoof", "/api/limited/spoof", "ip", 2, "1h");
		policy(registry, 7, "costly", "/api/limited/cost", "ip", 5, "1h");
		registry.add("apisec.rate-limit.policies[7].cost", () -> 2);
		policy(registry, 8, "multi-wide", "/api/limited/multi", "ip", 10, "1h");
		policy(registry, 9, "multi-narrow", "/api/limited/multi", "ip", 1, "1h");
		registry.add("apisec.rate-limit.policies[9].methods", () -> "POST");
	}

	private static void policy(DynamicPropertyRegistry registry, int index, String name, String path, String key,
			long capacity, String period) {
		TestProperties.add(registry, "apisec.rate-limit.policies[" + index + "]", "name=" + name, "paths[0]=" + path,
				"key=" + key, "limits[0].capacity=" + capacity, "limits[0].period=" + period);
	}

	private final Http http;

	@Autowired
	MeterRegistry meterRegistry;

	RateLimitHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) {
		return this.http.getWithHeaders(path, headers);
	}

	private static String token(String subject, String tenant) {
		return tokens.sign(tokens.claims(subject).claim("tenant", tenant).build());
	}

	private static void assertRejected(HttpResponse<String> response, String policy) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isPositive());
		assertThat(response.body()).contains("urn:apisec:problem:rate-limited")
			.contains("Rate limit '" + policy + "' exceeded");
	}

	@Test
	void clientIsLimitedByAddressWithHeadersOnEveryResponse() {
		for (int remaining = 2; remaining >= 0; remaining--) {
			HttpResponse<String> response = this.http.get("/api/limited/ip", null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"by-ip\";q=3;w=3600");
			assertThat(response.headers().firstValue("RateLimit").orElseThrow())
				.startsWith("\"by-ip\";r=" + remaining + ";t=");
		}
		HttpResponse<String> rejected = this.http.get("/api/limited/ip", null);
		assertRejected(rejected, "by-ip");
		assertThat(rejected.headers().firstValue("RateLimit"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("\"by-ip\";r=0;t="));
		assertThat(this.meterRegistry.get("apisec.ratelimit.requests")
			.tag("policy", "by-ip")
			.tag("outcome", "rejected")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.get("apisec.ratelimit.requests")
			.tag("policy", "by-ip")
			.tag("outcome", "allowed")
			.counter()
			.count()).isEqualTo(3);
	}

	@Test
	void burstRefillsWithinTheSteadyLimit() {
		assertThat(this.http.get("/api/limited/burst", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/limited/burst", null).statusCode()).isEqualTo(200);
		HttpResponse<String> burstExceeded = this.http.get("/api/limited/burst", null);
		assertRejected(burstExceeded, "burst-steady");
		assertThat(burstExceeded.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"burst\";q=2;w=1, \"steady\";q=4;w=3600");
		Await.until(() -> this.http.get("/api/limited/burst", null).statusCode() == 200, Duration.ofSeconds(5),
				"the burst limit refilled");
		Await.until(() -> this.http.get("/api/limited/burst", null).statusCode() == 200, Duration.ofSeconds(5),
				"the burst limit refilled again");
		// Four admitted: the steady limit is now exhausted, whatever the burst limit
		// holds.
		HttpResponse<String> steadyExceeded = this.http.get("/api/limited/burst", null);
		assertRejected(steadyExceeded, "burst-steady");
		assertThat(steadyExceeded.headers().firstValue("RateLimit"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("\"steady\";r=0;"));
	}

	@Test
	void principalKeyLimitsEachCallerSeparately() {
		String alice = token("alice", "acme");
		String bob = token("bob", "acme");
		assertThat(this.http.get("/api/limited/principal", alice).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/limited/principal", alice).statusCode()).isEqualTo(200);
		assertRejected(this.http.get("/api/limited/principal", alice), "by-principal");
		assertThat(this.http.get("/api/limited/principal", bob).statusCode()).isEqualTo(200);
	}

	@Test
	void anonymousRequestsFallBackToTheClientAddress() {
		assertThat(this.http.get("/api/limited/principal?anonymous", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/limited/principal?anonymous", null).statusCode()).isEqualTo(200);
		assertRejected(this.http.get("/api/limited/principal?anonymous", null), "by-principal");
	}

	@Test
	void headerKeyLimitsEachHeaderValue() {
		assertThat(get("/api/limited/header", Map.of("X-Tenant", "acme")).statusCode()).isEqualTo(200);
		assertThat(get("/api/limited/header", Map.of("X-Tenant", "acme")).statusCode()).isEqualTo(200);
		assertRejected(get("/api/limited/header", Map.of("X-Tenant", "acme")), "by-header");
		assertThat(get("/api/limited/header", Map.of("X-Tenant", "globex")).statusCode()).isEqualTo(200);
	}

	@Test
	void claimKeyLimitsEachClaimValue() {
		assertThat(this.http.get("/api/limited/claim", token("a", "acme")).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/limited/claim", token("b", "acme")).statusCode()).isEqualTo(200);
		assertRejected(this.http.get("/api/limited/claim", token("c", "acme")), "by-claim");
		assertThat(this.http.get("/api/limited/claim", token("d", "globex")).statusCode()).isEqualTo(200);
	}

	@Test
	void apiKeyKeyLimitsEachKey() {
		assertThat(get("/api/limited/api-key", Map.of("X-API-Key", "key-one")).statusCode()).isEqualTo(200);
		assertThat(get("/api/limited/api-key", Map.of("X-API-Key", "key-one")).statusCode()).isEqualTo(200);
		assertRejected(get("/api/limited/api-key", Map.of("X-API-Key", "key-one")), "by-api-key");
		assertThat(get("/api/limited/api-key", Map.of("X-API-Key", "key-two")).statusCode()).isEqualTo(200);
	}

	@Test
	void forwardedHeadersFromAnUntrustedPeerDoNotDodgeTheLimit() {
		assertThat(get("/api/limited/spoof", Map.of("X-Forwarded-For", "198.51.100.1")).statusCode()).isEqualTo(200);
		assertThat(get("/api/limited/spoof", Map.of("X-Forwarded-For", "198.51.100.2")).statusCode()).isEqualTo(200);
		assertRejected(get("/api/limited/spoof", Map.of("X-Forwarded-For", "198.51.100.3")), "spoof");
		assertRejected(get("/api/limited/spoof", Map.of("Forwarded", "for=198.51.100.4")), "spoof");
	}

	@Test
	void costChargesSeveralTokensPerRequest() {
		assertThat(this.http.get("/api/limited/cost", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/limited/cost", null).statusCode()).isEqualTo(200);
		assertRejected(this.http.get("/api/limited/cost", null), "costly");
	}

	@Test
	void requestMatchingSeveralPoliciesIsChargedByEach() {
		HttpResponse<String> first = this.http.send("POST", "/api/limited/multi", null);
		assertThat(first.headers().firstValue("RateLimit"))
			.hasValue("\"multi-wide\";r=9;t=360, \"multi-narrow\";r=0;t=3600");
		assertRejected(this.http.send("POST", "/api/limited/multi", null), "multi-narrow");
		HttpResponse<String> get = this.http.get("/api/limited/multi", null);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.headers().firstValue("RateLimit"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("\"multi-wide\";r=7;"));
	}

	@Test
	void unlimitedPathsCarryNoRateLimitHeaders() {
		HttpResponse<String> response = this.http.get("/api/limited/free", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
	}

}
