package dev.apisec.sample.retail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules in docs/operations name only
 * series that the sample's {@code /actuator/prometheus} really exposes, after a little
 * traffic: a renamed meter or a missing histogram fails here instead of leaving a panel
 * empty or an alert silent. Tests turn metrics export off unless asked: the Prometheus
 * endpoint needs {@code @AutoConfigureObservability}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@AutoConfigureObservability(tracing = false)
class RetailMonitoringTests {

	static final int PORT = RetailHttp.freePort();

	static final RetailHttp http = new RetailHttp(PORT);

	static final Path OPERATIONS = Path.of("..", "docs", "operations");

	static final Pattern SERIES = Pattern.compile("\\b((?:apisec|resilience4j|http_server)_[a-z0-9_]+)");

	/** Needs a server SSL bundle, which the sample has not by default. */
	static final Set<String> NEEDS_TLS = Set.of("apisec_certificate_expiry_seconds");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@Test
	void dashboardAndAlertRulesNameOnlyExposedSeries() throws IOException {
		String admin = token("admin", "admin-secret");
		http.awaitKeys(admin);
		// One of each: a refused token, a denial, a placed order (payment call), a
		// catalog read.
		assertThat(http.call("GET", "/api/users/me", "not-a-token", null).statusCode()).isEqualTo(401);
		assertThat(http.call("GET", "/api/users", token("bob", "bob-secret"), null).statusCode()).isEqualTo(403);
		assertThat(
				http.call("POST", "/api/orders", admin, "{\"items\":[{\"productId\":1,\"quantity\":1}]}").statusCode())
			.isEqualTo(201);
		assertThat(http.call("GET", "/api/products", null, null).statusCode()).isEqualTo(200);
		HttpResponse<String> scrape = http.call("GET", "/actuator/prometheus", admin, null);
		assertThat(scrape.statusCode()).isEqualTo(200);
		Set<String> exposed = new TreeSet<>();
		for (String line : scrape.body().split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exposed.add(line.split("[{ ]", 2)[0]);
			}
		}
		Set<String> named = new TreeSet<>();
		for (String file : new String[] { "apisec-dashboard.json", "apisec-alerts.yml" }) {
			Matcher matcher = SERIES.matcher(Files.readString(OPERATIONS.resolve(file)));
			while (matcher.find()) {
				named.add(matcher.group(1));
			}
		}
		assertThat(named).contains("apisec_auth_total", "http_server_requests_seconds_bucket",
				"apisec_client_requests_seconds_bucket", "resilience4j_circuitbreaker_state");
		named.removeAll(NEEDS_TLS);
		assertThat(exposed).containsAll(named);
	}

	private static String token(String client, String secret) {
		return RetailHttp.accessToken(http.tokenRequest(client, secret, null));
	}

}
