package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant-style attribute rule of the sample over real HTTP: staff of one store read
 * its inventory and get 403 for the other store, with tokens of the demo identity
 * provider that carry a {@code store} claim. No line of the application's code checks the
 * store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class StoreInventoryTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	static final ObjectMapper json = new ObjectMapper();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("retail.limits.tokens-per-minute", () -> 10_000);
	}

	private static String token(String client) {
		return http.token(client, client + "-secret", null);
	}

	private static JsonNode read(String text) {
		try {
			return json.readTree(text);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> inventory(String store, String token) {
		return http.call("GET", "/api/stores/" + store + "/inventory", token, null);
	}

	private static void assertDeniedByTheStoreRule(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(read(response.body()).get("detail").asText()).isEqualTo("Access denied by rule 'store-inventory'.");
	}

	@Test
	void staffTokensCarryTheirStore() {
		String payload = token("staff-north").split("\\.")[1];
		JsonNode claims = read(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		assertThat(claims.get("store").asText()).isEqualTo("north");
		assertThat(claims.get("roles").toString()).isEqualTo("[\"STAFF\"]");
	}

	@Test
	void staffReadTheInventoryOfTheirOwnStore() {
		HttpResponse<String> north = inventory("north", token("staff-north"));
		assertThat(north.statusCode()).as(north.body()).isEqualTo(200);
		assertThat(north.body()).isEqualTo("[{\"productId\":1,\"sku\":\"TEE-001\",\"quantity\":14},"
				+ "{\"productId\":2,\"sku\":\"MUG-002\",\"quantity\":9},{\"productId\":5,\"sku\":\"SCK-005\",\"quantity\":30}]");
		HttpResponse<String> south = inventory("south", token("staff-south"));
		assertThat(south.statusCode()).as(south.body()).isEqualTo(200);
		assertThat(read(south.body()).findValuesAsText("sku")).containsExactly("TEE-001", "BAG-003", "CAP-004");
	}

	@Test
	void staffOfOneStoreAreDeniedTheOther() {
		assertDeniedByTheStoreRule(inventory("south", token("staff-north")));
		assertDeniedByTheStoreRule(inventory("north", token("staff-south")));
	}

	@Test
	void storeNamesAreMatchedExactly() {
		String north = token("staff-north");
		assertDeniedByTheStoreRule(inventory("NORTH", north));
		assertDeniedByTheStoreRule(inventory("north-east", north));
		// Encoded letters are decoded before matching, as the controller sees them.
		assertThat(inventory("%6Eorth", north).statusCode()).isEqualTo(200);
	}

	@Test
	void pathTricksAreRejectedBeforeTheRule() {
		String north = token("staff-north");
		for (String store : new String[] { "north%2F..%2Fsouth", "north/../south", "north;south", "%2e%2e" }) {
			HttpResponse<String> response = inventory(store, north);
			assertThat(response.statusCode()).as(store).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(store).hasValue("application/problem+json");
		}
	}

	@Test
	void callersWithoutTheStaffRoleOrAStoreClaimAreDenied() {
		assertDeniedByTheStoreRule(inventory("north", token("alice")));
		assertDeniedByTheStoreRule(inventory("north", token("admin")));
		assertThat(inventory("north", null).statusCode()).isEqualTo(401);
	}

}
