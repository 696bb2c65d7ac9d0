package dev.apisec.sample.retail.attack;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator as an attacker sees it: health is public but says only UP or DOWN; every
 * exposed endpoint needs ADMIN (401 anonymous, 403 for a USER or the partner's API key);
 * endpoints that are not exposed ({@code env}, {@code heapdump}, {@code shutdown}, ...)
 * match no rule and are denied to everyone, administrators included; and what the exposed
 * ones return to an administrator (audit events included, after an attack) holds no
 * secret and no token.
 */
class ActuatorExposureTests extends AttackSuite {

	static final List<String> EXPOSED = List.of("/actuator", "/actuator/info", "/actuator/metrics",
			"/actuator/metrics/apisec.auth", "/actuator/apisec", "/actuator/prometheus", "/actuator/auditevents");

	static final List<String> NOT_EXPOSED = List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump",
			"/actuator/threaddump", "/actuator/beans", "/actuator/mappings", "/actuator/loggers", "/actuator/caches",
			"/actuator/scheduledtasks", "/actuator/conditions", "/actuator/sbom", "/actuator/logfile",
			"/actuator/httpexchanges", "/actuator/shutdown", "/actuator/jolokia", "/actuator/h2-console");

	static Stream<Arguments> exposedEndpoints() {
		return EXPOSED.stream()
			.flatMap((path) -> Stream.of(Arguments.of(path, "anonymous", 401, caller(() -> null)),
					Arguments.of(path, "USER", 403, caller(AttackSuite::bob))));
	}

	static Stream<Arguments> hiddenEndpoints() {
		return NOT_EXPOSED.stream()
			.flatMap((path) -> Stream.of(Arguments.of(path, "anonymous", 401, caller(() -> null)),
					Arguments.of(path, "ADMIN", 403, caller(AttackSuite::admin))));
	}

	private static Supplier<String> caller(Supplier<String> token) {
		return token;
	}

	@ParameterizedTest(name = "GET {0} as {1} -> {2}")
	@MethodSource("exposedEndpoints")
	void exposedEndpointNeedsAdmin(String path, String who, int status, Supplier<String> token) {
		Refusals.assertRefused(call("GET", path, token.get(), null), status, token.get());
	}

	@ParameterizedTest(name = "GET {0} with the partner API key -> 403")
	@MethodSource("exposedPaths")
	void exposedEndpointIsNotForPartners(String path) {
		Refusals.assertRefused(withApiKey("GET", path, PARTNER_KEY, null), 403);
	}

	static Stream<String> exposedPaths() {
		return EXPOSED.stream();
	}

	@ParameterizedTest(name = "GET {0} as {1} -> {2}")
	@MethodSource("hiddenEndpoints")
	void endpointThatIsNotExposedIsDeniedToEveryone(String path, String who, int status, Supplier<String> token) {
		HttpResponse<String> response = call("GET", path, token.get(), null);
		JsonNode problem = Refusals.assertRefused(response, status, token.get());
		if (status == 403) {
			assertThat(problem.path("detail").asText()).isEqualTo("Access denied by rule 'default-access'.");
		}
	}

	@Test
	void shutdownCannotBePostedEvenByAnAdministrator() {
		Refusals.assertRefused(call("POST", "/actuator/shutdown", admin(), "{}"), 403, admin());
		Refusals.assertRefused(call("POST", "/actuator/loggers/ROOT", admin(), "{\"configuredLevel\":\"TRACE\"}"), 403,
				admin());
	}

	@ParameterizedTest(name = "GET {0} anonymously -> 200, status only")
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void healthIsPublicButSaysOnlyUpOrDown(String path) {
		HttpResponse<String> response = call("GET", path, null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = json(response);
		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.has("components")).isFalse();
		assertThat(health.has("details")).isFalse();
		assertThat(response.body()).doesNotContain("localhost", "jwks", "http", "redis", "partner");
	}

	@ParameterizedTest(name = "GET /actuator/health/{0} as USER -> 404 problem")
	@ValueSource(strings = { "jwks", "apisecRateLimit", "db", "diskSpace", "no-such-component" })
	void healthComponentsAreHiddenFromNonAdmins(String component) {
		// Spring Boot answers a component that may not be shown (or does not exist) with
		// a bare 404; the starter gives it the problem body of every other 404, the same
		// for all.
		HttpResponse<String> response = call("GET", "/actuator/health/" + component, bob(), null);
		Refusals.assertRefused(response, 404);
		assertThat(response.body()).contains("https://retail.example/problems/not-found").doesNotContain("\"UP\"");
		Refusals.assertRefused(call("GET", "/actuator/health/" + component, null, null), 404);
	}

	@Test
	void administratorsSeeDetailsAndTheDiscoveryPageListsOnlyExposedEndpoints() {
		JsonNode health = json(call("GET", "/actuator/health", admin(), null));
		assertThat(health.path("components").has("jwks")).isTrue();
		HttpResponse<String> discovery = call("GET", "/actuator", admin(), null);
		assertThat(discovery.statusCode()).isEqualTo(200);
		assertThat(discovery.body()).contains("\"apisec\"", "\"prometheus\"")
			.doesNotContain("\"env\"", "\"heapdump\"", "\"shutdown\"", "\"beans\"");
	}

	@Test
	void whatAdministratorsReadHoldsNoSecretAndNoToken() {
		String token = Forge.sign(Forge.ATTACKER_KEY, Forge.claims(ISSUER, "admin", "ADMIN").build());
		assertThat(call("GET", "/api/users/me", token, null).statusCode()).isEqualTo(401);
		for (String path : List.of("/actuator/apisec", "/actuator/prometheus", "/actuator/metrics/apisec.auth",
				"/actuator/auditevents", "/actuator/health", "/actuator/info")) {
			HttpResponse<String> response = call("GET", path, admin(), null);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			Refusals.assertNoSecrets(response, token, alice(), bob(), admin());
			assertThat(response.body()).as(path).doesNotContain("eyJ", "{noop}", "BEGIN ");
		}
	}

}
