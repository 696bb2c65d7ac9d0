package dev.apisec.authorization;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's {@code Converter<Jwt, ? extends AbstractAuthenticationToken>} that
 * returns null or throws: the valid token is refused with a 401 {@code invalid-token}
 * problem (never a 500, no stack trace, nothing of the exception), and the
 * {@code apisec.authentication} observation is stopped on every path.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.authorization.rules[0].name=me", "apisec.authorization.rules[0].paths=/api/me",
				"apisec.authorization.rules[0].roles=APP",
				// Decisions are observed only where spans are made and sampled.
				"apisec.observations.unexported-spans=true", "management.tracing.sampling.probability=1.0" })
@Import(JwtConverterFailureHttpTests.ApplicationConverter.class)
class JwtConverterFailureHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://converter.example",
			"a-converter-failure-test-secret-32-bytes", "api");

	static final String EXCEPTION_MESSAGE = "tenant claim of db-7.internal missing";

	private static final ObjectMapper json = new ObjectMapper();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
	}

	private final Http http;

	@Autowired
	AuthenticationObservations observations;

	JwtConverterFailureHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void tokenTheConverterMakesNoAuthenticationOfIsRefusedWith401() throws Exception {
		assertRefused(this.http.get("/api/me", token("converts-to-null")));
	}

	@Test
	void tokenTheConverterThrowsOnIsRefusedWith401WithoutTheException() throws Exception {
		HttpResponse<String> response = this.http.get("/api/me", token("converter-throws"));
		assertRefused(response);
		assertThat(response.body()).doesNotContain(EXCEPTION_MESSAGE)
			.doesNotContain("IllegalStateException")
			.doesNotContain("at dev.apisec");
	}

	@Test
	void tokenTheConverterAcceptsStillAuthenticates() throws Exception {
		HttpResponse<String> response = this.http.get("/api/me", token("svc-1"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asText()).isEqualTo("svc-1");
	}

	@Test
	void authenticationObservationIsStoppedWhateverTheConverterDoes() {
		int started = this.observations.started.get();
		int stopped = this.observations.stopped.get();
		for (String subject : List.of("svc-1", "converts-to-null", "converter-throws")) {
			this.http.get("/api/me", token(subject));
		}
		assertThat(this.observations.started.get() - started).isEqualTo(3);
		assertThat(this.observations.stopped.get() - stopped).isEqualTo(3);
	}

	private void assertRefused(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("type").asText()).isEqualTo("urn:apisec:problem:invalid-token");
		assertThat(body.get("detail").asText()).isEqualTo("The access token is invalid.");
	}

	private static String token(String subject) {
		return tokens.sign(tokens.claims(subject).build());
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationConverter {

		@Bean
		Converter<Jwt, AbstractAuthenticationToken> applicationJwtConverter() {
			return (jwt) -> switch (jwt.getSubject()) {
				case "converts-to-null" -> null;
				case "converter-throws" -> throw new IllegalStateException(EXCEPTION_MESSAGE);
				default -> new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_APP")));
			};
		}

		@Bean
		AuthenticationObservations authenticationObservations() {
			return new AuthenticationObservations();
		}

	}

	/** Counts the starts and stops of the starter's authentication observations. */
	static final class AuthenticationObservations implements ObservationHandler<Observation.Context> {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger stopped = new AtomicInteger();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return SecurityObservations.AUTHENTICATION.equals(context.getName());
		}

		@Override
		public void onStart(Observation.Context context) {
			this.started.incrementAndGet();
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.incrementAndGet();
		}

	}

}
