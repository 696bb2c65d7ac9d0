package dev.apisec.sample.retail.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assertion every refused request of the suite goes through: the expected status, an
 * RFC 9457 problem of that status, and a body that gives nothing away: no stack trace, no
 * exception or class names, no SQL, and neither the attack input (a token and each of its
 * parts) nor any of the sample's secrets.
 */
final class Refusals {

	/**
	 * The sample's secrets (all published demo values): client secrets, the partner API
	 * key and its configured hash.
	 */
	static final List<String> SECRETS = List.of("alice-secret", "bob-secret", "admin-secret", "staff-north-secret",
			"staff-south-secret", "retail-api-secret", AttackSuite.PARTNER_KEY,
			"dd3035898cd3b6820bf7a1c708741f15fa5606ce3543cac63d20c4f6d9348a89");

	private static final List<String> INTERNALS = List.of("Exception", "exception", "\tat ", "java.", "javax.",
			"jakarta.", "org.springframework", "org.apache", "com.fasterxml", "com.nimbusds", "dev.apisec", "SQL",
			"SELECT ", "INSERT ", "jdbc", "H2", "Caused by", "<html", "<!doctype");

	private static final ObjectMapper json = new ObjectMapper();

	private Refusals() {
	}

	/**
	 * Assert a refusal.
	 * @param response the response
	 * @param status the expected status
	 * @param attackInputs what the attacker sent that must not come back (tokens, keys)
	 * @return the problem, for further checks
	 */
	static JsonNode assertRefused(HttpResponse<String> response, int status, String... attackInputs) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = read(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("type").asText()).startsWith("https://");
		assertThat(problem.path("title").asText()).isNotBlank();
		assertLeaksNothing(response, attackInputs);
		return problem;
	}

	/**
	 * Assert that neither body nor headers carry internals, secrets or the attack input.
	 * @param response the response
	 * @param attackInputs what the attacker sent that must not come back
	 */
	static void assertLeaksNothing(HttpResponse<String> response, String... attackInputs) {
		assertThat(response.body()).doesNotContain(INTERNALS);
		assertNoSecrets(response, attackInputs);
	}

	/**
	 * Assert that neither body nor headers carry secrets or the given inputs; for answers
	 * meant for administrators, where class names (in metric tags, say) are expected.
	 * @param response the response
	 * @param inputs what must not come back (tokens, keys)
	 */
	static void assertNoSecrets(HttpResponse<String> response, String... inputs) {
		String body = response.body();
		String headers = response.headers().map().toString();
		assertThat(body).doesNotContain(SECRETS);
		assertThat(headers).doesNotContain(SECRETS);
		for (String echo : echoesOf(inputs)) {
			assertThat(body).doesNotContain(echo);
			assertThat(headers).doesNotContain(echo);
		}
	}

	/** An input and, for a token, each of its parts long enough to be recognisable. */
	private static List<String> echoesOf(String... inputs) {
		List<String> echoes = new ArrayList<>();
		for (String input : inputs) {
			if (input == null || input.length() < 8) {
				continue;
			}
			echoes.add(input);
			for (String part : input.split("\\.")) {
				if (part.length() >= 8) {
					echoes.add(part);
				}
			}
		}
		return echoes;
	}

	static JsonNode read(String body) {
		try {
			return json.readTree(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
