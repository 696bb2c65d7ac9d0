package dev.apisec.client;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apisec.client.ClientCallException.Kind;
import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Reply;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.UnknownContentTypeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A downstream that answers what the application did not expect (401, 403, 400 or 500
 * with a body that must not leak, 200 with HTML, 200 with malformed JSON): the
 * application's endpoint answers a 502 problem naming the client and echoing nothing of
 * the answer, with one log line and no stack trace; the calling code still sees Spring's
 * exceptions and can handle the statuses itself.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(UnexpectedResponsesHttpTests.PaymentController.class)
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedResponsesHttpTests {

	static final String SECRET_BODY = "{\"message\":\"SQL error near payments_internal\"}";

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"an-unexpected-responses-secret-of-32-bytes", "api");

	static final DownstreamServer downstream = new DownstreamServer();

	static final AtomicInteger tokensIssued = new AtomicInteger();

	static {
		downstream.on("/token",
				(exchange, server) -> Reply
					.json("{\"access_token\":\"service-token-" + tokensIssued.incrementAndGet()
							+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
					.respond(exchange, server));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/call/**", "access=public");
		TestProperties.add(registry, "apisec.clients.payment", "base-url=" + downstream.url(), "read-timeout=2s");
		TestProperties.add(registry, "apisec.clients.service", "base-url=" + downstream.url(),
				"auth.type=client-credentials", "auth.registration-id=stub-idp");
		TestProperties.add(registry, "spring.security.oauth2.client.registration.stub-idp", "client-id=orders-service",
				"client-secret=orders-secret", "authorization-grant-type=client_credentials");
		registry.add("spring.security.oauth2.client.provider.stub-idp.token-uri", () -> downstream.url() + "/token");
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	private final Http http;

	@Autowired
	ApiSecClients clients;

	UnexpectedResponsesHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 500 })
	void unhandledErrorStatusAnswers502NamingTheClientAndEchoingNothing(int status, CapturedOutput output) {
		downstream.on("/refusing-" + status, Reply.status(status, SECRET_BODY, "Content-Type", "application/json"));
		int logged = output.length();
		HttpResponse<String> response = authorize("payment", "/refusing-" + status);
		assertBadResponse(response, "payment");
		assertConciseWarning(output.toString().substring(logged), "payment", "status " + status);
	}

	@Test
	void htmlBodyAnswers502NamingTheClientAndEchoingNothing(CapturedOutput output) {
		downstream.on("/html",
				Reply.status(200, "<html><body>payments_internal login</body></html>", "Content-Type", "text/html"));
		int logged = output.length();
		assertBadResponse(authorize("payment", "/html"), "payment");
		assertConciseWarning(output.toString().substring(logged), "payment", "text/html");
	}

	@Test
	void malformedJsonBodyAnswers502NamingTheClientAndEchoingNothing(CapturedOutput output) {
		downstream.on("/malformed", Reply.json("{\"id\":\"payments_internal\",\"status\":"));
		int logged = output.length();
		assertBadResponse(authorize("payment", "/malformed"), "payment");
		assertConciseWarning(output.toString().substring(logged), "payment", "body not readable");
	}

	@Test
	void wellFormedAnswerStillReachesTheApplication() {
		downstream.on("/fine", Reply.json("{\"id\":\"p-1\",\"status\":\"AUTHORIZED\"}"));
		HttpResponse<String> response = authorize("payment", "/fine");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"id\":\"p-1\"").contains("\"status\":\"AUTHORIZED\"");
	}

	@Test
	void serviceTokenRejectedAgainAfterAFreshOneAnswers502() {
		downstream.on("/ledger", Reply.json("{\"id\":\"warm-up\",\"status\":\"OK\"}"));
		assertThat(authorize("service", "/ledger").statusCode()).isEqualTo(200);
		int issued = tokensIssued.get();
		downstream.on("/ledger", Reply.status(401, SECRET_BODY, "Content-Type", "application/json"));
		HttpResponse<String> response = authorize("service", "/ledger");
		assertBadResponse(response, "service");
		// One fresh token was fetched and tried once; the second 401 ended the call.
		assertThat(tokensIssued.get()).isEqualTo(issued + 1);
		assertThat(downstream.arrivals("/ledger")).hasSize(3)
			.extracting(DownstreamServer.Arrival::authorization)
			.containsExactly("Bearer service-token-" + issued, "Bearer service-token-" + issued,
					"Bearer service-token-" + (issued + 1));
	}

	@Test
	void callerStillSeesSpringsExceptionsAndCanHandleStatusesItself() {
		downstream.on("/refused", Reply.status(401, SECRET_BODY, "Content-Type", "application/json"));
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/refused").retrieve().toBodilessEntity())
			.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfSatisfying(ClientCallException.class,
					(marker) -> assertThat(marker.getKind()).isEqualTo(Kind.BAD_RESPONSE)));
		assertThat(this.clients.get("payment")
			.get()
			.uri("/refused")
			.retrieve()
			.onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {
			})
			.body(String.class)).isEqualTo(SECRET_BODY);
		downstream.on("/page", Reply.status(200, "<html></html>", "Content-Type", "text/html"));
		assertThatExceptionOfType(UnknownContentTypeException.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/page").retrieve().body(Payment.class));
		downstream.on("/broken-json", Reply.json("{\"id\":"));
		assertThatExceptionOfType(RestClientException.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/broken-json").retrieve().body(Payment.class))
			.withRootCauseInstanceOf(JsonProcessingException.class);
	}

	private HttpResponse<String> authorize(String client, String path) {
		return this.http.get("/api/call/" + client + "/payment?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
				null);
	}

	private static void assertBadResponse(HttpResponse<String> response, String client) {
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:downstream-bad-response")
			.contains("The '" + client + "' service gave an unexpected answer.")
			.doesNotContain("payments_internal")
			.doesNotContain("SQL")
			.doesNotContain("html")
			.doesNotContain("127.0.0.1");
	}

	private static void assertConciseWarning(String log, String client, String what) {
		assertThat(log).contains("WARN")
			.contains("Call of client '" + client + "' failed: unexpected response (")
			.contains(what)
			.doesNotContain("payments_internal")
			.doesNotContain("\tat ")
			.doesNotContain("Exception:");
	}

	/**
	 * An endpoint that reads the downstream's answer as a record, as an application does.
	 */
	@RestController
	static class PaymentController {

		private final ApiSecClients clients;

		PaymentController(ApiSecClients clients) {
			this.clients = clients;
		}

		@GetMapping("/api/call/{client}/payment")
		Map<String, String> payment(@PathVariable String client, @RequestParam String path) {
			Payment payment = this.clients.get(client).get().uri(path).retrieve().body(Payment.class);
			return Map.of("id", payment.id(), "status", payment.status());
		}

	}

	record Payment(String id, String status) {
	}

}
