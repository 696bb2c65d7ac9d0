package dev.apisec.web;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apisec.validation.strict-json=false} over real HTTP, with the application's own
 * Jackson customizer: unknown properties and duplicate keys are accepted again, the
 * application's property naming is kept, and the JSON limits still apply.
 */
@SpringBootTest(classes = { TestApplication.class, LenientJsonHttpTests.SnakeCaseConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.authorization.rules[0].paths=/api/public/**",
				"apisec.authorization.rules[0].access=public", "apisec.validation.strict-json=false" })
class LenientJsonHttpTests {

	private final Http http;

	LenientJsonHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void unknownPropertiesAndDuplicateKeysAreAccepted() throws IOException {
		HttpResponse<String> response = postJson(
				"{\"name\":\"first\",\"quantity\":1,\"admin\":true,\"name\":\"last\",\"nested\":{\"item_code\":\"x\",\"extra\":1}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode echoed = new ObjectMapper().readTree(response.body());
		assertThat(echoed.path("name").asText()).isEqualTo("last");
		assertThat(echoed.has("admin")).isFalse();
	}

	@Test
	void applicationPropertyNamingIsKept() throws IOException {
		HttpResponse<String> response = postJson("{\"name\":\"a\",\"quantity\":1,\"nested\":{\"item_code\":\"W-1\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(new ObjectMapper().readTree(response.body()).path("nested").path("item_code").asText())
			.isEqualTo("W-1");
	}

	@Test
	void limitsStillApply() {
		String deep = "[".repeat(1_000) + "]".repeat(1_000);
		ProblemResponsesHttpTests.assertProblem(
				postJson("{\"name\":\"a\",\"quantity\":1,\"attributes\":{\"x\":" + deep + "}}"), 400,
				"json-limit-exceeded");
	}

	private HttpResponse<String> postJson(String body) {
		return this.http.send(this.http.request("/api/public/echo")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build());
	}

	@Configuration(proxyBeanMethods = false)
	static class SnakeCaseConfiguration {

		@Bean
		Jackson2ObjectMapperBuilderCustomizer snakeCase() {
			return (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
		}

	}

}
