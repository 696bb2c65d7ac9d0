package dev.apisec.apikey;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Http;
import dev.apisec.test.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API-key authentication over real HTTP, the same behaviour for each store: every key
 * outcome, rotation, keys in the query string or a cookie, brute force, both kinds of
 * credentials, rate-limit keys and expiry reports. Each test sends from its own forwarded
 * client address (the loopback peer is a trusted proxy), so failure counts do not mix.
 */
abstract class ApiKeyHttpTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final String PARTNER_KEY = "partner-key-4f9b2c7d1e6a8f3b5c0d9e2a7b4c1f8e";

	static final String OLD_KEY = "rotating-old-key-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";

	static final String NEW_KEY = "rotating-new-key-6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a";

	static final String EXPIRED_KEY = "expired-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

	static final String DISABLED_KEY = "disabled-key-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";

	static final String FUTURE_KEY = "future-key-2b4d6f8a0c2e4a6c8e0b2d4f6a8c0e2b";

	static final String GUEST_KEY = "guest-key-7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f";

	/** Every key of the tests, as stored: by hash, never the key itself. */
	static final List<TestKey> KEYS = List.of(
			new TestKey("partner-a", PARTNER_KEY, "PARTNER", "stock.read", NOW.minus(Duration.ofDays(1)),
					NOW.plus(Duration.ofDays(365)), true, Map.of("region", List.of("eu", "us"))),
			new TestKey("partner-b-2025", OLD_KEY, "PARTNER", "", NOW.minus(Duration.ofDays(300)),
					NOW.plus(Duration.ofDays(5)), true),
			new TestKey("partner-b-2026", NEW_KEY, "PARTNER", "", NOW.minus(Duration.ofDays(1)),
					NOW.plus(Duration.ofDays(400)), true),
			new TestKey("expired", EXPIRED_KEY, "PARTNER", "", NOW.minus(Duration.ofDays(30)),
					NOW.minus(Duration.ofDays(1)), true),
			new TestKey("disabled", DISABLED_KEY, "PARTNER", "", null, null, false),
			new TestKey("future", FUTURE_KEY, "PARTNER", "", NOW.plus(Duration.ofDays(1)), null, true),
			new TestKey("guest", GUEST_KEY, "GUEST", "", null, null, true));

	private static final AtomicInteger addresses = new AtomicInteger();

	private final ObjectMapper json = new ObjectMapper();

	final Http http;

	@Autowired
	MeterRegistry meterRegistry;

	String clientAddress;

	ApiKeyHttpTests(int port) {
		this.http = new Http(port);
	}

	static void commonProperties(DynamicPropertyRegistry registry) {
		registry.add("apisec.network.trusted-proxies[0]", () -> "127.0.0.1");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "roles=PARTNER");
		TestProperties.add(registry, "apisec.authorization.rules[1]", "paths=/api/limited/**", "roles=PARTNER");
		TestProperties.add(registry, "apisec.authorization.rules[2]", "name=region-stock",
				"paths=/api/regions/{region}/stock", "roles=PARTNER", "claims.region={region}");
		TestProperties.add(registry, "apisec.api-keys.failure-limit", "capacity=3", "period=1h");
		TestProperties.add(registry, "apisec.rate-limit.policies[0]", "name=per-key", "paths[0]=/api/limited/**",
				"key=api-key", "limits[0].capacity=2", "limits[0].period=1h");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	@BeforeEach
	void setUp() {
		this.clientAddress = "10.0.0." + addresses.incrementAndGet();
	}

	HttpResponse<String> get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = this.http.request(path)
			.timeout(Duration.ofSeconds(10))
			.header("X-Forwarded-For", this.clientAddress);
		headers.forEach(request::header);
		return this.http.send(request.build());
	}

	HttpResponse<String> withKey(String path, String key) {
		return get(path, Map.of("X-API-Key", key));
	}

	JsonNode body(HttpResponse<String> response) throws Exception {
		return this.json.readTree(response.body());
	}

	/** Everything a client sees of a refusal, without the per-request trace id. */
	Map<String, Object> refusal(HttpResponse<String> response) throws Exception {
		JsonNode body = body(response);
		Map<String, Object> seen = new LinkedHashMap<>();
		seen.put("status", response.statusCode());
		seen.put("contentType", response.headers().firstValue("Content-Type").orElse(null));
		seen.put("wwwAuthenticate", response.headers().firstValue("WWW-Authenticate").orElse(null));
		seen.put("type", body.path("type").asText());
		seen.put("title", body.path("title").asText());
		seen.put("detail", body.path("detail").asText());
		seen.put("fields", List.copyOf(iterable(body.fieldNames())));
		return seen;
	}

	private static List<String> iterable(Iterator<String> names) {
		List<String> list = new ArrayList<>();
		names.forEachRemaining(list::add);
		return list;
	}

	@Test
	void validKeyAuthenticatesWithTheKeyIdAsPrincipal() throws Exception {
		HttpResponse<String> response = withKey("/api/me", PARTNER_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = body(response);
		assertThat(body.path("name").asText()).isEqualTo("partner-a");
		assertThat(body.path("authorities").toString()).isEqualTo("[\"ROLE_PARTNER\",\"SCOPE_stock.read\"]");
	}

	@Test
	void unknownExpiredDisabledAndNotYetValidKeysGetTheSame401() throws Exception {
		Map<String, Object> unknown = refusal(withKey("/api/me", "no-such-key-3c9e1a7b5d2f8c4e6a0b9d1f3e5c7a2b"));
		assertThat(unknown).containsEntry("status", 401)
			.containsEntry("contentType", "application/problem+json")
			.containsEntry("type", "urn:apisec:problem:invalid-api-key")
			.containsEntry("wwwAuthenticate", "ApiKey header=\"X-API-Key\"");
		assertThat(refusal(withKey("/api/me", EXPIRED_KEY))).isEqualTo(unknown);
		assertThat(refusal(withKey("/api/me", DISABLED_KEY))).isEqualTo(unknown);
		// 3 failures from this address are the limit: the next ones come from another.
		this.clientAddress = "10.1.0." + addresses.incrementAndGet();
		assertThat(refusal(withKey("/api/me", FUTURE_KEY))).isEqualTo(unknown);
		assertThat(refusal(withKey("/api/me", ""))).isEqualTo(unknown);
	}

	@Test
	void expiredKeyIsRejectedWith401() {
		assertThat(withKey("/api/me", EXPIRED_KEY).statusCode()).isEqualTo(401);
	}

	@Test
	void disabledKeyIsRejectedWith401() {
		assertThat(withKey("/api/me", DISABLED_KEY).statusCode()).isEqualTo(401);
	}

	@Test
	void notYetValidKeyIsRejectedWith401() {
		assertThat(withKey("/api/me", FUTURE_KEY).statusCode()).isEqualTo(401);
	}

	@Test
	void bothKeysOfARotatedPairAreAcceptedUnderTheirOwnIds() throws Exception {
		HttpResponse<String> old = withKey("/api/me", OLD_KEY);
		HttpResponse<String> current = withKey("/api/me", NEW_KEY);
		assertThat(old.statusCode()).isEqualTo(200);
		assertThat(current.statusCode()).isEqualTo(200);
		assertThat(body(old).path("name").asText()).isEqualTo("partner-b-2025");
		assertThat(body(current).path("name").asText()).isEqualTo("partner-b-2026");
	}

	@Test
	void keyInTheQueryStringOrACookieIsNeverRead() throws Exception {
		String key = URLEncoder.encode(PARTNER_KEY, StandardCharsets.UTF_8);
		HttpResponse<String> query = get("/api/me?api_key=" + key + "&X-API-Key=" + key + "&apiKey=" + key, Map.of());
		assertThat(query.statusCode()).isEqualTo(401);
		assertThat(body(query).path("type").asText()).isEqualTo("urn:apisec:problem:unauthorized");
		HttpResponse<String> cookie = get("/api/me", Map.of("Cookie", "X-API-Key=" + key + "; api_key=" + key));
		assertThat(cookie.statusCode()).isEqualTo(401);
		assertThat(body(cookie).path("type").asText()).isEqualTo("urn:apisec:problem:unauthorized");
	}

	@Test
	void missingKeyOnAProtectedPathIs401() throws Exception {
		HttpResponse<String> response = get("/api/me", Map.of());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(body(response).path("type").asText()).isEqualTo("urn:apisec:problem:unauthorized");
	}

	@Test
	void bruteForceIsThrottledBeforeAnyLookup() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(withKey("/api/me", "guess-" + i).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> throttled = withKey("/api/me", "guess-3");
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(body(throttled).path("type").asText()).isEqualTo("urn:apisec:problem:rate-limited");
		assertThat(throttled.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Long.parseLong(value)).isPositive());
		// Even a valid key: the address is refused before its key is looked at.
		assertThat(withKey("/api/me", PARTNER_KEY).statusCode()).isEqualTo(429);
		// Another address is not affected.
		this.clientAddress = "10.2.0." + addresses.incrementAndGet();
		assertThat(withKey("/api/me", PARTNER_KEY).statusCode()).isEqualTo(200);
	}

	@Test
	void successesDoNotCountAsFailures() {
		for (int i = 0; i < 5; i++) {
			assertThat(withKey("/api/me", NEW_KEY).statusCode()).isEqualTo(200);
		}
		assertThat(withKey("/api/me", "wrong").statusCode()).isEqualTo(401);
	}

	@Test
	void keyAndBearerTokenTogetherAre400() throws Exception {
		HttpResponse<String> response = get("/api/me",
				Map.of("X-API-Key", PARTNER_KEY, "Authorization", "Bearer some.jwt.token"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(body(response).path("type").asText()).isEqualTo("urn:apisec:problem:ambiguous-credentials");
	}

	@Test
	void keyAttributesAreTestedByTheClaimsOfRules() throws Exception {
		HttpResponse<String> eu = withKey("/api/regions/eu/stock", PARTNER_KEY);
		assertThat(eu.statusCode()).isEqualTo(200);
		assertThat(body(eu).path("caller").asText()).isEqualTo("partner-a");
		assertThat(withKey("/api/regions/us/stock", PARTNER_KEY).statusCode()).isEqualTo(200);
		HttpResponse<String> apac = withKey("/api/regions/apac/stock", PARTNER_KEY);
		assertThat(apac.statusCode()).isEqualTo(403);
		assertThat(body(apac).path("detail").asText()).contains("region-stock");
		// A key with the role but no attributes.
		assertThat(withKey("/api/regions/eu/stock", NEW_KEY).statusCode()).isEqualTo(403);
	}

	@Test
	void keyWithoutTheRuleRoleIs403() {
		assertThat(withKey("/api/me", GUEST_KEY).statusCode()).isEqualTo(403);
	}

	@Test
	void apiKeyRateLimitsCountPerKeyId() {
		assertThat(withKey("/api/limited/one", PARTNER_KEY).statusCode()).isEqualTo(200);
		// Another client address, the same key: the same bucket.
		this.clientAddress = "10.3.0." + addresses.incrementAndGet();
		assertThat(withKey("/api/limited/two", PARTNER_KEY).statusCode()).isEqualTo(200);
		assertThat(withKey("/api/limited/three", PARTNER_KEY).statusCode()).isEqualTo(429);
		assertThat(withKey("/api/limited/one", NEW_KEY).statusCode()).isEqualTo(200);
	}

	@Test
	void keysNearExpiryAreReportedByHealthAndMetric() throws Exception {
		HttpResponse<String> health = get("/actuator/health/apisecApiKeys", Map.of());
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode details = body(health).path("details");
		assertThat(body(health).path("status").asText()).isEqualTo("UP");
		assertThat(details.path("expiring").size()).isEqualTo(1);
		assertThat(details.path("expiring").path("partner-b-2025").asText())
			.isEqualTo(NOW.plus(Duration.ofDays(5)).toString());
		assertThat(health.body()).doesNotContain(ApiKeyHashes.hex(ApiKeyHashes.sha256(OLD_KEY)));
		assertThat(this.meterRegistry.get("apisec.apikey.expiring").gauge().value()).isEqualTo(1.0);
	}

	/**
	 * A key of the tests.
	 */
	record TestKey(String id, String key, String roles, String scopes, Instant notBefore, Instant expiresAt,
			boolean enabled, Map<String, List<String>> attributes) {

		TestKey(String id, String key, String roles, String scopes, Instant notBefore, Instant expiresAt,
				boolean enabled) {
			this(id, key, roles, scopes, notBefore, expiresAt, enabled, Map.of());
		}

		String hexHash() {
			return ApiKeyHashes.hex(ApiKeyHashes.sha256(this.key));
		}

	}

}
