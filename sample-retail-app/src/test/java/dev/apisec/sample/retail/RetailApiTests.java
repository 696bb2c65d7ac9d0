package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample end to end over real HTTP: tokens come from the demo identity provider's
 * token endpoint, and every endpoint and rule is exercised as a client would.
 * <p>
 * The port is chosen free before the context starts (not {@code RANDOM_PORT}): the issuer
 * the API trusts is {@code http://localhost:<port>}, and it must be known when the
 * properties are bound.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class RetailApiTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	static final ObjectMapper json = new ObjectMapper();

	static String alice;

	static String bob;

	static String admin;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		// These tests exercise the API, not its rate limits (RetailRateLimitTests does).
		registry.add("retail.limits.catalog-burst-per-second", () -> 10_000);
		registry.add("retail.limits.catalog-per-minute", () -> 10_000);
		registry.add("retail.limits.orders-per-minute", () -> 10_000);
		registry.add("retail.limits.tokens-per-minute", () -> 10_000);
		// Spring Boot's tests turn metrics export off; the Prometheus endpoint needs it.
		registry.add("management.prometheus.metrics.export.enabled", () -> true);
	}

	private static String token(String client, String secret) {
		return http.token(client, secret, "orders.read+orders.write");
	}

	private static synchronized String alice() {
		if (alice == null) {
			alice = token("alice", "alice-secret");
		}
		return alice;
	}

	private static synchronized String bob() {
		if (bob == null) {
			bob = token("bob", "bob-secret");
		}
		return bob;
	}

	private static synchronized String admin() {
		if (admin == null) {
			admin = token("admin", "admin-secret");
		}
		return admin;
	}

	private static HttpResponse<String> call(String method, String path, String token, String body) {
		return http.call(method, path, token, body);
	}

	private static JsonNode read(HttpResponse<String> response) {
		try {
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long createProduct(String sku, String price, int stock) {
		HttpResponse<String> response = call("POST", "/api/products", admin(), "{\"sku\":\"" + sku
				+ "\",\"name\":\"Test " + sku + "\",\"price\":" + price + ",\"stock\":" + stock + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return read(response).get("id").asLong();
	}

	private static HttpResponse<String> order(String token, String items) {
		return call("POST", "/api/orders", token, "{\"items\":" + items + "}");
	}

	@Test
	void catalogIsPublic() {
		HttpResponse<String> list = call("GET", "/api/products", null, null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(read(list).size()).isGreaterThanOrEqualTo(6);
		HttpResponse<String> one = call("GET", "/api/products/1", null, null);
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(read(one).get("sku").asText()).isEqualTo("TEE-001");
	}

	@Test
	void protectedResourceMetadataTellsClientsWhereTokensComeFrom() {
		HttpResponse<String> metadata = call("GET", "/.well-known/oauth-protected-resource", null, null);
		assertThat(metadata.statusCode()).isEqualTo(200);
		JsonNode document = read(metadata);
		assertThat(document.get("resource").asText()).isEqualTo("http://localhost:" + PORT);
		assertThat(document.get("authorization_servers").get(0).asText()).isEqualTo("http://localhost:" + PORT);
		assertThat(document.get("scopes_supported").toString()).contains("orders.write");
		HttpResponse<String> refused = call("POST", "/api/orders", null, "{\"items\":[]}");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
				"Bearer resource_metadata=\"http://localhost:" + PORT + "/.well-known/oauth-protected-resource\"");
	}

	@Test
	void v1CatalogIsADeprecatedAlias() {
		HttpResponse<String> response = call("GET", "/api/v1/products", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(read(response).size()).isGreaterThanOrEqualTo(6);
		assertThat(response.headers().firstValue("Deprecation")).hasValue("@1767225600");
		assertThat(response.headers().firstValue("Sunset")).hasValue("Wed, 30 Jun 2027 00:00:00 GMT");
		assertThat(response.headers().firstValue("Link").orElseThrow()).contains("rel=\"deprecation\"");
		assertThat(call("GET", "/api/products", null, null).headers().firstValue("Deprecation")).isEmpty();
	}

	@Test
	void responsesCarryTheSecurityHeaders() {
		HttpResponse<String> response = call("GET", "/api/products", null, null);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(call("GET", "/api/orders", null, null).headers().firstValue("Content-Security-Policy"))
			.hasValue("default-src 'none'; frame-ancestors 'none'");
	}

	@Test
	void unknownProductIs404() {
		assertThat(call("GET", "/api/products/999999", null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void tokenEndpointRefusesWrongSecret() {
		HttpResponse<String> response = http.tokenRequest("alice", "wrong", null);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void demoTokensCarryAudienceRolesAndFiveMinuteLifetime() throws Exception {
		String[] parts = alice().split("\\.");
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
		assertThat(claims.get("iss").asText()).isEqualTo("http://localhost:" + PORT);
		assertThat(claims.get("aud").toString()).contains("retail-api");
		assertThat(claims.get("roles").toString()).contains("USER");
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
		assertThat(json.readTree(Base64.getUrlDecoder().decode(parts[0])).get("alg").asText()).isEqualTo("RS256");
	}

	@Test
	void onlyAdminChangesTheCatalog() {
		String body = "{\"sku\":\"NEW-100\",\"name\":\"New thing\",\"price\":5.00,\"stock\":3}";
		assertThat(call("POST", "/api/products", null, body).statusCode()).isEqualTo(401);
		HttpResponse<String> refused = call("POST", "/api/products", alice(), body);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		long id = createProduct("NEW-101", "5.00", 3);
		HttpResponse<String> replaced = call("PUT", "/api/products/" + id, admin(),
				"{\"sku\":\"NEW-101\",\"name\":\"Renamed\",\"price\":6.50,\"stock\":4}");
		assertThat(replaced.statusCode()).isEqualTo(200);
		assertThat(read(replaced).get("name").asText()).isEqualTo("Renamed");
		assertThat(call("PUT", "/api/products/" + id, bob(),
				"{\"sku\":\"NEW-101\",\"name\":\"Hacked\",\"price\":0.01,\"stock\":4}")
			.statusCode()).isEqualTo(403);
		assertThat(call("DELETE", "/api/products/" + id, bob(), null).statusCode()).isEqualTo(403);
		assertThat(call("DELETE", "/api/products/" + id, admin(), null).statusCode()).isEqualTo(204);
		assertThat(call("GET", "/api/products/" + id, null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void invalidProductIs400NamingTheFieldsWithoutEchoingValues() {
		HttpResponse<String> response = call("POST", "/api/products", admin(),
				"{\"sku\":\"bad sku!\",\"name\":\"\",\"price\":-1,\"stock\":-5}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode errors = read(response).get("errors");
		List<String> fields = new ArrayList<>();
		errors.forEach((error) -> fields.add(error.get("field").asText()));
		assertThat(fields).contains("sku", "name", "price", "stock");
		assertThat(response.body()).doesNotContain("bad sku!");
	}

	@Test
	void userPlacesAnOrderWithServerComputedTotal() {
		long id = createProduct("ORD-200", "2.50", 10);
		HttpResponse<String> response = order(alice(),
				"[{\"productId\":" + id + ",\"quantity\":3},{\"productId\":2,\"quantity\":1}]");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode placed = read(response);
		assertThat(placed.get("owner").asText()).isEqualTo("alice");
		assertThat(placed.get("total").decimalValue()).isEqualByComparingTo("20.00");
		assertThat(placed.get("status").asText()).isEqualTo("PLACED");
		assertThat(placed.get("items")).hasSize(2);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/" + placed.get("id").asLong());
		assertThat(read(call("GET", "/api/products/" + id, null, null)).get("stock").asInt()).isEqualTo(7);
	}

	@Test
	void clientSuppliedPriceAndOwnerAreRefused() {
		// Mass assignment: fields the server decides are not part of the request type, so
		// sending them is a 400 naming the field, not silently ignored.
		long id = createProduct("ORD-201", "4.00", 10);
		HttpResponse<String> response = call("POST", "/api/orders", bob(),
				"{\"owner\":\"alice\",\"items\":[{\"productId\":" + id + ",\"quantity\":1}]}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("unknown-property").contains("\"field\":\"owner\"");
		HttpResponse<String> price = call("POST", "/api/orders", bob(),
				"{\"items\":[{\"productId\":" + id + ",\"quantity\":1,\"unitPrice\":0.01}]}");
		assertThat(price.statusCode()).isEqualTo(400);
		assertThat(price.body()).contains("\"field\":\"items[0].unitPrice\"");
		assertThat(read(call("GET", "/api/products/" + id, null, null)).get("stock").asInt()).isEqualTo(10);
	}

	@Test
	void ordersNeedAToken() {
		assertThat(order(null, "[{\"productId\":1,\"quantity\":1}]").statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/orders", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void invalidQuantitiesAre400NamingTheField() {
		for (String quantity : new String[] { "0", "101", "-1" }) {
			HttpResponse<String> response = order(alice(), "[{\"productId\":1,\"quantity\":" + quantity + "}]");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("\"field\":\"items[0].quantity\"");
		}
		assertThat(order(alice(), "[]").statusCode()).isEqualTo(400);
	}

	@Test
	void unknownProductInOrderIs400NamingTheField() {
		HttpResponse<String> response = order(alice(),
				"[{\"productId\":1,\"quantity\":1},{\"productId\":987654,\"quantity\":1}]");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"items[1].productId\"");
	}

	@Test
	void failedLineUndoesTheStockOfEarlierLines() {
		long plenty = createProduct("ORD-202", "1.00", 10);
		long scarce = createProduct("ORD-203", "1.00", 1);
		HttpResponse<String> response = order(alice(),
				"[{\"productId\":" + plenty + ",\"quantity\":5},{\"productId\":" + scarce + ",\"quantity\":2}]");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(read(call("GET", "/api/products/" + plenty, null, null)).get("stock").asInt()).isEqualTo(10);
	}

	@Test
	void orderIsVisibleToItsOwnerAndAdminButNotToOthers() {
		long id = createProduct("ORD-204", "3.00", 5);
		long orderId = read(order(alice(), "[{\"productId\":" + id + ",\"quantity\":1}]")).get("id").asLong();
		assertThat(call("GET", "/api/orders/" + orderId, alice(), null).statusCode()).isEqualTo(200);
		HttpResponse<String> bobs = call("GET", "/api/orders/" + orderId, bob(), null);
		assertThat(bobs.statusCode()).isEqualTo(404);
		assertThat(bobs.body()).doesNotContain("alice");
		assertThat(call("GET", "/api/orders/" + orderId, admin(), null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/orders/99999999", bob(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void orderListShowsOwnOrdersAndAdminSeesAll() {
		long id = createProduct("ORD-205", "1.00", 10);
		order(alice(), "[{\"productId\":" + id + ",\"quantity\":1}]");
		order(bob(), "[{\"productId\":" + id + ",\"quantity\":1}]");
		JsonNode bobsOrders = read(call("GET", "/api/orders", bob(), null));
		bobsOrders.forEach((order) -> assertThat(order.get("owner").asText()).isEqualTo("bob"));
		List<String> owners = new ArrayList<>();
		read(call("GET", "/api/orders", admin(), null)).forEach((order) -> owners.add(order.get("owner").asText()));
		assertThat(owners).contains("alice", "bob");
	}

	@Test
	void concurrentOrdersNeverOversell() throws Exception {
		long id = createProduct("ORD-206", "1.00", 10);
		String token = alice();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				calls.add(() -> order(token, "[{\"productId\":" + id + ",\"quantity\":1}]").statusCode());
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : pool.invokeAll(calls)) {
				statuses.add(result.get());
			}
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(10);
			assertThat(statuses).filteredOn((status) -> status == 409).hasSize(20);
		}
		finally {
			pool.shutdown();
		}
		assertThat(read(call("GET", "/api/products/" + id, null, null)).get("stock").asInt()).isZero();
	}

	@Test
	void placingAnOrderNeedsTheOrdersWriteScope() {
		String readOnly = http.token("alice", "alice-secret", "orders.read");
		HttpResponse<String> refused = order(readOnly, "[{\"productId\":1,\"quantity\":1}]");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", "
				+ "scope=\"orders.write\", resource_metadata=\"http://localhost:" + PORT
				+ "/.well-known/oauth-protected-resource\"");
		assertThat(refused.body()).contains("Access denied by rule 'orders-write'.");
		assertThat(call("GET", "/api/orders", readOnly, null).statusCode()).isEqualTo(200);
	}

	@Test
	void readingOrdersNeedsTheOrdersReadScope() {
		String writeOnly = http.token("bob", "bob-secret", "orders.write");
		HttpResponse<String> placed = order(writeOnly, "[{\"productId\":1,\"quantity\":1}]");
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		HttpResponse<String> refused = call("GET", "/api/orders/" + read(placed).get("id").asLong(), writeOnly, null);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Access denied by rule 'orders-read'.");
		assertThat(call("GET", "/api/orders", writeOnly, null).statusCode()).isEqualTo(403);
	}

	@Test
	void meShowsSubjectRolesAndScopes() {
		JsonNode me = read(call("GET", "/api/users/me", alice(), null));
		assertThat(me.get("subject").asText()).isEqualTo("alice");
		assertThat(me.get("roles").toString()).isEqualTo("[\"USER\"]");
		assertThat(me.get("scopes").toString()).contains("orders.read");
		assertThat(call("GET", "/api/users/me", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void customerListIsForAdminsOnly() {
		assertThat(call("GET", "/api/users", bob(), null).statusCode()).isEqualTo(403);
		HttpResponse<String> response = call("GET", "/api/users", admin(), null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"alice\"").contains("\"bob\"");
	}

	@Test
	void healthIsPublicAndOtherActuatorEndpointsAreForAdmins() {
		assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/actuator/metrics", null, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/actuator/metrics", bob(), null).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/actuator/metrics", admin(), null).statusCode()).isEqualTo(200);
	}

	@Test
	void healthDetailsAreForAdminsOnly() {
		HttpResponse<String> anonymous = call("GET", "/actuator/health", null, null);
		assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("jwks").doesNotContain("components");
		assertThat(call("GET", "/actuator/health", bob(), null).body()).doesNotContain("jwks");
		HttpResponse<String> admin = call("GET", "/actuator/health", admin(), null);
		assertThat(admin.body()).contains("\"jwks\"").contains("\"stale\":false").contains("apisecRateLimit");
	}

	@Test
	void apisecAndPrometheusEndpointsAreForAdmins() {
		assertThat(call("GET", "/actuator/apisec", null, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/actuator/apisec", bob(), null).statusCode()).isEqualTo(403);
		HttpResponse<String> apisec = call("GET", "/actuator/apisec", admin(), null);
		assertThat(apisec.statusCode()).isEqualTo(200);
		assertThat(apisec.body()).contains("\"catalog-write\"")
			.contains("\"demo-partner\"")
			.doesNotContain("dd3035898cd3b6820bf7a1c708741f15fa5606ce3543cac63d20c4f6d9348a89")
			.doesNotContain("retail-api-secret");
		assertThat(call("GET", "/actuator/prometheus", bob(), null).statusCode()).isEqualTo(403);
		HttpResponse<String> prometheus = call("GET", "/actuator/prometheus", admin(), null);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("apisec_auth_total").contains("apisec_jwks_refresh_total");
	}

	@Test
	void anythingElseIsDenied() {
		assertThat(call("GET", "/api/secret", null, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/secret", admin(), null).statusCode()).isEqualTo(403);
		assertThat(call("PATCH", "/api/orders/1", admin(), "{}").statusCode()).isEqualTo(403);
	}

	@Test
	void tokenOfAnotherIssuerIsRefused() {
		assertThat(call("GET", "/api/users/me", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V2aWwifQ.AAAA", null)
			.statusCode()).isEqualTo(401);
	}

	/** The demo partner's key, published in docs/api-keys.md: demo only. */
	static final String DEMO_PARTNER_KEY = "9FkCxTuGukiu_oVU0UExwIA2U4_MJfff1xpOAGpi1xM";

	private static HttpResponse<String> withApiKey(String path, String key) {
		return RetailHttp.send(HttpRequest.newBuilder(http.uri(path)).header("X-API-Key", key).build());
	}

	@Test
	void partnerReadsStockLevelsWithItsApiKey() {
		HttpResponse<String> response = withApiKey("/api/partner/stock", DEMO_PARTNER_KEY);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode stock = read(response);
		assertThat(stock.isArray()).isTrue();
		assertThat(stock.size()).isPositive();
		assertThat(stock.get(0).has("productId")).isTrue();
		assertThat(stock.get(0).has("stock")).isTrue();
		assertThat(stock.get(0).size()).isEqualTo(2);
	}

	@Test
	void partnerStockNeedsThePartnerKey() {
		assertThat(call("GET", "/api/partner/stock", null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> wrongKey = withApiKey("/api/partner/stock", "not-the-partner-key");
		assertThat(wrongKey.statusCode()).isEqualTo(401);
		assertThat(read(wrongKey).get("type").asText()).isEqualTo("https://retail.example/problems/invalid-api-key");
		assertThat(call("GET", "/api/partner/stock", bob(), null).statusCode()).isEqualTo(403);
		// The partner key grants stock levels, nothing else.
		assertThat(withApiKey("/api/orders", DEMO_PARTNER_KEY).statusCode()).isEqualTo(403);
	}

}
