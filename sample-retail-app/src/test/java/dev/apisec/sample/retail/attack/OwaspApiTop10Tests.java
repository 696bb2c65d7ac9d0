package dev.apisec.sample.retail.attack;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apisec.sample.retail.RetailHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OWASP API Security Top 10 (2023) items that apply to the sample, attacked over
 * HTTP. Test names start with the item they cover (docs/threat-model.md maps each one):
 * API1 object-level authorization, API2 authentication, API3 object property level
 * authorization (mass assignment and excessive data exposure), API4 resource consumption,
 * API5 function-level authorization, API6 sensitive business flows, API7 server-side
 * request forgery, API8 misconfiguration, API9 inventory. API10 (unsafe consumption of
 * the payment service) is covered by RetailPaymentDownTests and the starter's client
 * tests.
 */
class OwaspApiTop10Tests extends AttackSuite {

	private static final String ORDER = "{\"items\":[{\"productId\":5,\"quantity\":1}]}";

	// API1: broken object level authorization

	@Test
	void api1OrderOfAnotherUserIs404ExactlyLikeAMissingOne() {
		long id = placeOrder(alice());
		HttpResponse<String> foreign = call("GET", "/api/orders/" + id, bob(), null);
		HttpResponse<String> missing = call("GET", "/api/orders/987654321", bob(), null);
		JsonNode foreignProblem = Refusals.assertRefused(foreign, 404, bob());
		JsonNode missingProblem = Refusals.assertRefused(missing, 404, bob());
		// Same type, title and detail: the answer does not tell that the order exists.
		for (String field : List.of("type", "title", "detail")) {
			assertThat(foreignProblem.get(field)).isEqualTo(missingProblem.get(field));
		}
		assertThat(foreign.body()).doesNotContain("alice");
		assertThat(call("GET", "/api/orders/" + id, admin(), null).statusCode()).isEqualTo(200);
	}

	@Test
	void api1EnumeratingOrderIdsYieldsOnlyOwnOrders() {
		long first = placeOrder(alice());
		long own = placeOrder(admin());
		for (long id = Math.max(1, first - 5); id <= own + 5; id++) {
			HttpResponse<String> response = call("GET", "/api/orders/" + id, bob(), null);
			if (response.statusCode() == 200) {
				assertThat(json(response).get("owner").asText()).isEqualTo("bob");
			}
			else {
				Refusals.assertRefused(response, 404, bob());
			}
		}
		json(call("GET", "/api/orders", bob(), null))
			.forEach((order) -> assertThat(order.get("owner").asText()).isEqualTo("bob"));
	}

	@ParameterizedTest(name = "GET /api/orders/{0} -> 400")
	@MethodSource("malformedIds")
	void api1MalformedObjectIdIs400NotA500(String id) {
		JsonNode problem = Refusals.assertRefused(call("GET", "/api/orders/" + id, alice(), null), 400, alice());
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/invalid-value");
	}

	static Stream<String> malformedIds() {
		return Stream.of("abc", "1.5", "99999999999999999999", "-", "1e3", "%27%20OR%201=1");
	}

	@ParameterizedTest(name = "staff-north GET /api/stores/{0}/inventory -> {1}")
	@MethodSource("otherStores")
	void api1StaffOfOneStoreCannotReachAnotherStoresInventory(String store, int status) {
		String token = staffNorth();
		HttpResponse<String> response = call("GET", "/api/stores/" + store + "/inventory", token, null);
		JsonNode problem = Refusals.assertRefused(response, status, token);
		if (status == 403) {
			assertThat(problem.path("detail").asText()).isEqualTo("Access denied by rule 'store-inventory'.");
		}
	}

	static Stream<Arguments> otherStores() {
		return Stream.of(Arguments.of("south", 403), Arguments.of("North", 403), Arguments.of("north%20", 403),
				Arguments.of("north,south", 403), Arguments.of("*", 403), Arguments.of("north/../south", 400),
				Arguments.of("north%2F..%2Fsouth", 400), Arguments.of("north;south", 400));
	}

	@Test
	void api1StoreClaimCannotBeRewrittenInTheToken() {
		String token = staffNorth();
		String tampered = Forge.withPart(token, 1,
				Forge.b64(Forge.decode(token.split("\\.")[1]).replace("\"north\"", "\"south\"")));
		Refusals.assertRefused(call("GET", "/api/stores/south/inventory", tampered, null), 401, tampered);
		assertThat(call("GET", "/api/stores/north/inventory", token, null).statusCode()).isEqualTo(200);
	}

	private static String staffNorth() {
		HttpResponse<String> response = http.tokenRequest("staff-north", "staff-north-secret", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return RetailHttp.accessToken(response);
	}

	// API2: broken authentication

	@Test
	void api2WrongApiKeyIs401AndTheKeyIsNeverAcceptedFromTheQueryString() {
		JsonNode problem = Refusals.assertRefused(withApiKey("GET", "/api/partner/stock", "guessed-key-123", null), 401,
				"guessed-key-123");
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/invalid-api-key");
		Refusals.assertRefused(call("GET", "/api/partner/stock?api_key=" + PARTNER_KEY, null, null), 401);
		Refusals.assertRefused(call("GET", "/api/partner/stock?X-API-Key=" + PARTNER_KEY, null, null), 401);
	}

	@Test
	void api2BasicAuthenticationAndSessionCookiesAreNotAccepted() {
		String basic = Base64.getEncoder().encodeToString("alice:alice-secret".getBytes(StandardCharsets.UTF_8));
		Refusals.assertRefused(send(request("/api/users/me").header("Authorization", "Basic " + basic)), 401, basic);
		HttpResponse<String> ok = call("GET", "/api/users/me", alice(), null);
		assertThat(ok.headers().firstValue("Set-Cookie")).isEmpty();
		Refusals.assertRefused(send(request("/api/users/me").header("Cookie", "JSESSIONID=0123456789ABCDEF")), 401);
	}

	@Test
	void api2TokenEndpointRefusesAWrongSecretWithoutEchoingIt() {
		HttpResponse<String> response = http.tokenRequest("alice", "guess-1234", null);
		assertThat(response.statusCode()).isEqualTo(401);
		// The demo identity provider answers in OAuth 2.0's format, not problem+json.
		assertThat(response.body()).doesNotContain("guess-1234").doesNotContain("access_token");
		Refusals.assertNoSecrets(response, "guess-1234");
	}

	// API3: broken object property level authorization

	static Stream<Arguments> massAssignments() {
		return Stream.of(massAssignment("order id", "{\"id\":1,\"items\":[{\"productId\":5,\"quantity\":1}]}", "id"),
				massAssignment("order owner", "{\"owner\":\"bob\",\"items\":[{\"productId\":5,\"quantity\":1}]}",
						"owner"),
				massAssignment("order total", "{\"total\":0.01,\"items\":[{\"productId\":5,\"quantity\":1}]}", "total"),
				massAssignment("order status", "{\"status\":\"PAID\",\"items\":[{\"productId\":5,\"quantity\":1}]}",
						"status"),
				massAssignment("order createdAt",
						"{\"createdAt\":\"2000-01-01T00:00:00Z\",\"items\":[{\"productId\":5,\"quantity\":1}]}",
						"createdAt"),
				massAssignment("line unitPrice", "{\"items\":[{\"productId\":5,\"quantity\":1,\"unitPrice\":0.01}]}",
						"items[0].unitPrice"),
				massAssignment("line lineTotal", "{\"items\":[{\"productId\":5,\"quantity\":1,\"lineTotal\":0}]}",
						"items[0].lineTotal"),
				massAssignment("line sku", "{\"items\":[{\"productId\":5,\"quantity\":1,\"sku\":\"LIM-006\"}]}",
						"items[0].sku"),
				massAssignment("caller roles", "{\"roles\":[\"ADMIN\"],\"items\":[{\"productId\":5,\"quantity\":1}]}",
						"roles"));
	}

	private static Arguments massAssignment(String field, String body, String path) {
		return Arguments.of(field, 400, body, path);
	}

	@ParameterizedTest(name = "POST /api/orders setting {0} -> {1}")
	@MethodSource("massAssignments")
	void api3OrderFieldsTheServerDecidesCannotBeSent(String field, int status, String body, String path) {
		int stock = stockOf(5);
		JsonNode problem = Refusals.assertRefused(call("POST", "/api/orders", alice(), body), status, alice());
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/unknown-property");
		assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo(path);
		assertThat(stockOf(5)).isEqualTo(stock);
	}

	@Test
	void api3ProductIdCannotBeChosenOrChangedByTheClient() {
		JsonNode created = Refusals.assertRefused(call("POST", "/api/products", admin(),
				"{\"id\":1,\"sku\":\"MASS-001\",\"name\":\"Mass\",\"price\":1.00,\"stock\":1}"), 400, admin());
		assertThat(created.path("errors").get(0).path("field").asText()).isEqualTo("id");
		JsonNode replaced = Refusals.assertRefused(call("PUT", "/api/products/2", admin(),
				"{\"id\":3,\"sku\":\"MUG-002\",\"name\":\"Mug\",\"price\":1.00,\"stock\":1}"), 400, admin());
		assertThat(replaced.path("errors").get(0).path("field").asText()).isEqualTo("id");
		assertThat(json(call("GET", "/api/products/2", null, null)).get("sku").asText()).isEqualTo("MUG-002");
	}

	static Stream<Arguments> responseShapes() {
		return Stream.of(
				Arguments.of("GET /api/products/1",
						(Supplier<JsonNode>) () -> json(call("GET", "/api/products/1", null, null)),
						Set.of("id", "sku", "name", "price", "stock")),
				Arguments.of("GET /api/products (each)",
						(Supplier<JsonNode>) () -> json(call("GET", "/api/products", null, null)).get(0),
						Set.of("id", "sku", "name", "price", "stock")),
				Arguments.of("POST /api/orders",
						(Supplier<JsonNode>) () -> json(call("POST", "/api/orders", alice(), ORDER)),
						Set.of("id", "owner", "items", "total", "status", "createdAt")),
				Arguments.of("order line",
						(Supplier<JsonNode>) () -> json(call("POST", "/api/orders", alice(), ORDER)).get("items")
							.get(0),
						Set.of("productId", "sku", "quantity", "unitPrice", "lineTotal")),
				Arguments.of("GET /api/users/me",
						(Supplier<JsonNode>) () -> json(call("GET", "/api/users/me", alice(), null)),
						Set.of("subject", "roles", "scopes")),
				Arguments.of("GET /api/users (each, ADMIN)",
						(Supplier<JsonNode>) () -> json(call("GET", "/api/users", admin(), null)).get(0),
						Set.of("username", "firstSeen")),
				Arguments.of("GET /api/partner/stock (each, partner)",
						(Supplier<JsonNode>) () -> json(withApiKey("GET", "/api/partner/stock", PARTNER_KEY, null))
							.get(0),
						Set.of("productId", "stock")),
				Arguments.of("a 400 problem",
						(Supplier<JsonNode>) () -> json(call("POST", "/api/orders", alice(), "{\"items\":[]}")),
						Set.of("type", "title", "status", "detail", "instance", "errors", "traceId")));
	}

	@ParameterizedTest(name = "{0} has exactly its documented fields")
	@MethodSource("responseShapes")
	void api3ResponsesExposeExactlyTheirDocumentedFields(String what, Supplier<JsonNode> response, Set<String> fields) {
		assertThat(fieldNames(response.get())).isEqualTo(new TreeSet<>(fields));
	}

	// API4: unrestricted resource consumption

	@Test
	void api4BodyOverOneMegabyteIs413WithOrWithoutContentLength() {
		// Whitespace is valid JSON: the reader keeps reading until the limit stops it.
		byte[] body = ("{\"items\":" + " ".repeat(1_100_000) + "[]}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> sized = send(request("/api/orders").header("Authorization", "Bearer " + admin())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		Refusals.assertRefused(sized, 413, admin());
		HttpResponse<String> chunked = send(request("/api/orders").header("Authorization", "Bearer " + admin())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		JsonNode problem = Refusals.assertRefused(chunked, 413, admin());
		assertThat(problem.path("detail").asText()).isEqualTo("The request body is larger than the limit of 1MB.");
	}

	static Stream<Arguments> oversizedJson() {
		return Stream.of(
				// The order's types refuse the first nested array, before any depth is
				// parsed; the depth limit itself is proven with free-form JSON by the
				// starter's tests.
				Arguments.of("arrays nested 10 000 deep", 400,
						"{\"items\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "invalid-value"),
				Arguments.of("a 200 000-character string", 400, "{\"items\":[{\"productId\":\"" + "9".repeat(200_000)
						+ "\",\"quantity\":1}]}", "json-limit-exceeded"),
				Arguments.of("a 150-digit number", 400,
						"{\"items\":[{\"productId\":" + "9".repeat(150) + ",\"quantity\":1}]}", "json-limit-exceeded"),
				Arguments.of("51 order lines", 400,
						"{\"items\":[" + String.join(",", Collections.nCopies(51, "{\"productId\":5,\"quantity\":1}"))
								+ "]}",
						"validation-failed"),
				Arguments.of("quantity 101", 400, "{\"items\":[{\"productId\":5,\"quantity\":101}]}",
						"validation-failed"),
				Arguments.of("quantity beyond int", 400, "{\"items\":[{\"productId\":5,\"quantity\":2147483648}]}",
						"invalid-value"),
				Arguments.of("a truncated UTF-32 body", 400, "\n\u0000\u0000\u0000\u0000\u0000", "unreadable-body"),
				Arguments.of("duplicate items key", 400, "{\"items\":[],\"items\":[{\"productId\":5,\"quantity\":1}]}",
						"duplicate-property"),
				Arguments.of("trailing content", 400, ORDER + ORDER, "malformed-json"));
	}

	@ParameterizedTest(name = "POST /api/orders with {0} -> {1}")
	@MethodSource("oversizedJson")
	void api4OversizedOrMalformedBodyIsRefusedBeforeItCostsAnything(String what, int status, String body, String type) {
		int stock = stockOf(5);
		JsonNode problem = Refusals.assertRefused(call("POST", "/api/orders", admin(), body), status, admin());
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/" + type);
		assertThat(stockOf(5)).isEqualTo(stock);
	}

	@Test
	void api4And6OrdersAreLimitedPerUserWith429() {
		// Only this test places orders as bob; invalid orders count too (the limit runs
		// before validation), so no stock is spent. The bucket refills greedily, one
		// order every minute / ORDERS_PER_MINUTE (1.5 s), so on a busy machine requests
		// after the capacity may still pass: at most one more per refill period that
		// elapsed (plus the one refilling), never twice the capacity.
		Duration refill = Duration.ofMinutes(1).dividedBy(ORDERS_PER_MINUTE);
		HttpResponse<String> response = null;
		int passed = 0;
		long start = System.nanoTime();
		for (int i = 0; i <= 2 * ORDERS_PER_MINUTE; i++) {
			response = call("POST", "/api/orders", bob(), "{\"items\":[]}");
			if (response.statusCode() == 429) {
				break;
			}
			assertThat(response.statusCode()).isEqualTo(400);
			passed++;
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		long refilled = elapsed.toNanos() / refill.toNanos();
		assertThat(passed).as("orders admitted before the first 429 in %s", elapsed)
			.isBetween(ORDERS_PER_MINUTE, ORDERS_PER_MINUTE + (int) refilled + 1);
		JsonNode problem = Refusals.assertRefused(response, 429, bob());
		assertThat(problem.path("type").asText()).isEqualTo("https://retail.example/problems/rate-limited");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"orders\";r=0;");
		// Per user: alice is not affected.
		assertThat(call("POST", "/api/orders", alice(), ORDER).statusCode()).isEqualTo(201);
	}

	// API5: broken function level authorization

	static Stream<Arguments> functionsAboveTheCallersRole() {
		String product = "{\"sku\":\"HACK-001\",\"name\":\"Hack\",\"price\":0.01,\"stock\":1}";
		return Stream.of(
				function("POST /api/products", "USER", 403, () -> call("POST", "/api/products", bob(), product)),
				function("PUT /api/products/1", "USER", 403, () -> call("PUT", "/api/products/1", bob(), product)),
				function("DELETE /api/products/1", "USER", 403, () -> call("DELETE", "/api/products/1", bob(), null)),
				function("GET /api/users", "USER", 403, () -> call("GET", "/api/users", bob(), null)),
				function("HEAD /api/users", "USER", 403, () -> call("HEAD", "/api/users", bob(), null)),
				function("PATCH /api/orders/1", "USER", 403, () -> call("PATCH", "/api/orders/1", bob(), "{}")),
				function("DELETE /api/orders/1", "USER", 403, () -> call("DELETE", "/api/orders/1", bob(), null)),
				function("PUT /api/orders/1", "ADMIN", 403, () -> call("PUT", "/api/orders/1", admin(), ORDER)),
				function("POST /simulator/payments (the internal payment service)", "USER", 403,
						() -> call("POST", "/simulator/payments", bob(), "{\"orderId\":1,\"amount\":0.01}")),
				function("POST /api/orders", "partner API key", 403,
						() -> withApiKey("POST", "/api/orders", PARTNER_KEY, ORDER)),
				function("GET /api/users", "partner API key", 403,
						() -> withApiKey("GET", "/api/users", PARTNER_KEY, null)),
				function("GET /api/partner/stock", "USER", 403, () -> call("GET", "/api/partner/stock", bob(), null)),
				function("POST /api/orders", "anonymous", 401, () -> call("POST", "/api/orders", null, ORDER)),
				function("DELETE /api/products/1", "anonymous", 401,
						() -> call("DELETE", "/api/products/1", null, null)));
	}

	private static Arguments function(String function, String caller, int status,
			Supplier<HttpResponse<String>> attempt) {
		return Arguments.of(function, caller, status, attempt);
	}

	@ParameterizedTest(name = "{0} as {1} -> {2}")
	@MethodSource("functionsAboveTheCallersRole")
	void api5FunctionsAboveTheCallersRoleAreRefused(String function, String caller, int status,
			Supplier<HttpResponse<String>> attempt) {
		HttpResponse<String> response = attempt.get();
		if (function.startsWith("HEAD")) {
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.body()).isEmpty();
			return;
		}
		Refusals.assertRefused(response, status, bob(), admin());
		assertThat(call("GET", "/api/products", null, null).body()).doesNotContain("HACK-001");
		assertThat(call("GET", "/api/products/1", null, null).statusCode()).isEqualTo(200);
	}

	// API6: unrestricted access to sensitive business flows

	@Test
	void api6OrderingMoreThanTheStockIs409AndSellsNothing() {
		int stock = stockOf(6);
		String body = "{\"items\":[{\"productId\":5,\"quantity\":1},{\"productId\":6,\"quantity\":" + (stock + 1)
				+ "}]}";
		int other = stockOf(5);
		Refusals.assertRefused(call("POST", "/api/orders", alice(), body), 409, alice());
		assertThat(stockOf(6)).isEqualTo(stock);
		assertThat(stockOf(5)).isEqualTo(other);
		Refusals.assertRefused(call("POST", "/api/orders", alice(), "{\"items\":[{\"productId\":5,\"quantity\":-3}]}"),
				400, alice());
		assertThat(stockOf(5)).isEqualTo(other);
	}

	// API7: server-side request forgery

	@Test
	void api7NoUrlInATokenOrHeaderMakesTheServerFetchIt() {
		int hits = external.evilHits();
		String evil = external.evil("ssrf").toString();
		List<String> tokens = new ArrayList<>();
		tokens.add(Forge.sign(Forge.ATTACKER_KEY, Forge.claims(evil, "mallory", "ADMIN").build()));
		// Issued before the application fetched its keys: the unknown kid is a plain 401,
		// no refetch.
		Instant issued = Instant.now().minusSeconds(900);
		tokens.add(Forge.sign(Forge.ATTACKER_KEY,
				Forge.claims(ISSUER, "mallory", "ADMIN")
					.issueTime(Date.from(issued))
					.expirationTime(Date.from(issued.plusSeconds(1800)))
					.build(),
				(h) -> h.jwkURL(URI.create(evil)).x509CertURL(URI.create(evil)).keyID(evil)));
		for (String token : tokens) {
			Refusals.assertRefused(send(request("/api/users/me").header("Authorization", "Bearer " + token)
				.header("Forwarded", "host=" + evil.substring(7))
				.header("X-Forwarded-Host", evil.substring(7))
				.header("Referer", evil)), 401, token);
		}
		assertThat(external.evilHits()).isEqualTo(hits);
	}

	// API8: security misconfiguration (see also CorsAndHeadersTests and
	// ActuatorExposureTests)

	@Test
	void api8UnknownAndExistingProtectedPathsLookTheSameToAnonymousCallers() {
		JsonNode existing = Refusals.assertRefused(call("GET", "/api/users", null, null), 401);
		JsonNode unknown = Refusals.assertRefused(call("GET", "/api/does-not-exist", null, null), 401);
		for (String field : List.of("type", "title", "detail")) {
			assertThat(existing.get(field)).isEqualTo(unknown.get(field));
		}
		Refusals.assertRefused(call("GET", "/error", null, null), 401);
	}

	@Test
	void api8UnsupportedMediaTypeAndMethodAreProblemsNotStackTraces() {
		JsonNode media = Refusals.assertRefused(send(request("/api/orders").header("Authorization", "Bearer " + admin())
			.header("Content-Type", "application/xml")
			.POST(HttpRequest.BodyPublishers.ofString("<order/>"))), 415, admin());
		assertThat(media.path("type").asText()).isEqualTo("https://retail.example/problems/unsupported-media-type");
		Refusals.assertRefused(send(request("/api/products/1").header("Accept", "application/xml")), 406);
	}

	// API9: improper inventory management

	@Test
	void api9DeprecatedVersionAnnouncesItsSunset() {
		HttpResponse<String> response = call("GET", "/api/v1/products", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Deprecation")).hasValue("@1767225600");
		assertThat(response.headers().firstValue("Sunset")).hasValue("Wed, 30 Jun 2027 00:00:00 GMT");
		assertThat(response.headers().firstValue("Link").orElseThrow()).contains("rel=\"deprecation\"");
	}

	@ParameterizedTest(name = "GET {0} -> 401 anonymous, 403 with a token")
	@MethodSource("unlistedPaths")
	void api9UnlistedVersionsAndPathsAreDeniedNeverServedOrA500(String path) {
		Refusals.assertRefused(call("GET", path, null, null), 401);
		Refusals.assertRefused(call("GET", path, alice(), null), 403, alice());
	}

	static Stream<String> unlistedPaths() {
		return Stream.of("/api/v2/products", "/api/v0/products", "/api/v1/orders", "/api/internal/products",
				"/api/products/1/stock", "/v3/api-docs", "/swagger-ui.html", "/api/admin", "/h2-console",
				"/simulator/payments");
	}

	private static long placeOrder(String token) {
		HttpResponse<String> response = call("POST", "/api/orders", token, ORDER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("id").asLong();
	}

	private static int stockOf(long productId) {
		return json(call("GET", "/api/products/" + productId, null, null)).get("stock").asInt();
	}

	private static Set<String> fieldNames(JsonNode node) {
		Set<String> names = new TreeSet<>();
		for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
			names.add(it.next());
		}
		return names;
	}

}
