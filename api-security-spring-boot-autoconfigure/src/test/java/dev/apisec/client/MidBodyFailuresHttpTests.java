package dev.apisec.client;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.apisec.client.ClientCallException.Kind;
import dev.apisec.test.Http;
import dev.apisec.test.RawHttpServer;
import dev.apisec.test.RawHttpServer.Answer;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A downstream that fails while its body is read, after a good status and headers: a
 * reset mid-body, a stall past the read timeout, a body shorter than its Content-Length
 * or without its last chunk, a body that grows past the size limit. The application's
 * endpoint answers 502 (504 for the timeout) naming the client and echoing nothing of the
 * body, with no stack trace logged; the circuit breaker and the metrics count the call as
 * the failure it is, once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(MidBodyFailuresHttpTests.PaymentController.class)
@ExtendWith(OutputCaptureExtension.class)
class MidBodyFailuresHttpTests {

	static final String PART = "{\"id\":\"payments_internal\",\"status\":\"AUTH";

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"a-mid-body-failures-secret-of-32-bytes!", "api");

	static final RawHttpServer downstream = new RawHttpServer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/call/**", "access=public");
		for (String client : new String[] { "payment", "ledger", "flaky", "steady" }) {
			TestProperties.add(registry, "apisec.clients." + client, "base-url=" + downstream.url(),
					"read-timeout=500ms", "max-response-size=1KB");
		}
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	private final Http http;

	@Autowired
	ApiSecClients clients;

	@Autowired
	MeterRegistry meters;

	MidBodyFailuresHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@BeforeEach
	void closeCircuits() {
		// Each test starts with closed, empty circuits: failures of one test must not
		// open the circuit for the next.
		this.clients.circuitBreakers().values().forEach(CircuitBreaker::reset);
	}

	@Test
	void resetMidBodyAnswers502NamingTheClientAndEchoingNothing(CapturedOutput output) {
		downstream.on("/reset", Answer.resetMidBody("application/json", PART, 200));
		int logged = output.length();
		HttpResponse<String> response = call("payment", "record", "/reset");
		assertProblem(response, 502, "downstream-io-error", "The call of the 'payment' service failed.");
		assertNoStackTrace(output.toString().substring(logged));
	}

	@Test
	void stallMidBodyPastTheReadTimeoutAnswers504(CapturedOutput output) {
		downstream.on("/stall", Answer.stallMidBody("application/json", PART, 200));
		int logged = output.length();
		HttpResponse<String> response = call("payment", "record", "/stall");
		assertProblem(response, 504, "downstream-timeout", "The 'payment' service did not answer in time.");
		assertNoStackTrace(output.toString().substring(logged));
	}

	@Test
	void bodyShorterThanItsContentLengthAnswers502EvenAsText(CapturedOutput output) {
		downstream.on("/short", Answer.truncated("text/plain", "payments_internal receipt 1", 200));
		int logged = output.length();
		HttpResponse<String> response = call("payment", "text", "/short");
		assertProblem(response, 502, "downstream-io-error", "The call of the 'payment' service failed.");
		downstream.on("/short-json", Answer.truncated("application/json", PART, 200));
		assertProblem(call("payment", "record", "/short-json"), 502, "downstream-io-error",
				"The call of the 'payment' service failed.");
		assertNoStackTrace(output.toString().substring(logged));
	}

	@Test
	void chunkedBodyWithoutItsLastChunkAnswers502(CapturedOutput output) {
		downstream.on("/chunk-cut", Answer.truncatedChunked("text/plain", "payments_internal receipt 1"));
		int logged = output.length();
		HttpResponse<String> response = call("payment", "text", "/chunk-cut");
		assertProblem(response, 502, "downstream-io-error", "The call of the 'payment' service failed.");
		assertNoStackTrace(output.toString().substring(logged));
	}

	@Test
	void bodyGrowingPastTheSizeLimitAnswers502(CapturedOutput output) {
		downstream.on("/big", Answer.chunked("text/plain", "receipt ", 8, 512));
		downstream.on("/big-json", Answer.chunked("application/json", "{\"id\":\"", 8, 512));
		int logged = output.length();
		assertProblem(call("payment", "text", "/big"), 502, "downstream-io-error",
				"The call of the 'payment' service failed.");
		assertProblem(call("payment", "record", "/big-json"), 502, "downstream-io-error",
				"The call of the 'payment' service failed.");
		assertNoStackTrace(output.toString().substring(logged));
	}

	@Test
	void completeAnswerStillReachesTheApplication() {
		downstream.on("/fine", Answer.ok("application/json", "{\"id\":\"p-1\",\"status\":\"AUTHORIZED\"}"));
		HttpResponse<String> response = call("payment", "record", "/fine");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"id\":\"p-1\"").contains("\"status\":\"AUTHORIZED\"");
		downstream.on("/fine-chunked", Answer.chunked("text/plain", "", 2, 100));
		assertThat(call("payment", "text", "/fine-chunked").body()).hasSize(200);
	}

	@Test
	void midBodyFailuresCountOnceAsFailuresOfTheBreakerAndTheMetrics() {
		CircuitBreaker breaker = this.clients.circuitBreakers().get("ledger");
		downstream.on("/ledger-reset", Answer.resetMidBody("application/json", PART, 200));
		downstream.on("/ledger-stall", Answer.stallMidBody("application/json", PART, 200));
		downstream.on("/ledger-big", Answer.chunked("application/json", "{\"id\":\"", 8, 512));
		downstream.on("/ledger-fine", Answer.ok("application/json", "{\"id\":\"p-1\",\"status\":\"OK\"}"));
		assertThat(call("ledger", "record", "/ledger-reset").statusCode()).isEqualTo(502);
		assertThat(call("ledger", "record", "/ledger-stall").statusCode()).isEqualTo(504);
		assertThat(call("ledger", "record", "/ledger-big").statusCode()).isEqualTo(502);
		assertThat(call("ledger", "record", "/ledger-fine").statusCode()).isEqualTo(200);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(4);
		assertThat(count("ledger", "io_error")).isEqualTo(2);
		assertThat(count("ledger", "timeout")).isEqualTo(1);
		assertThat(count("ledger", "success")).isEqualTo(1);
	}

	@Test
	void halfOpenBreakerReopensAfterMidBodyFailuresAndClosesAfterCompleteAnswers() {
		CircuitBreaker breaker = this.clients.circuitBreakers().get("flaky");
		downstream.on("/flaky-reset", Answer.resetMidBody("application/json", PART, 200));
		downstream.on("/flaky-fine", Answer.ok("application/json", "{\"id\":\"p-1\",\"status\":\"OK\"}"));
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		int trials = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		for (int i = 0; i < trials; i++) {
			assertThat(call("flaky", "record", "/flaky-reset").statusCode()).isEqualTo(502);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		breaker.transitionToHalfOpenState();
		for (int i = 0; i < trials; i++) {
			assertThat(call("flaky", "record", "/flaky-fine").statusCode()).isEqualTo(200);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void answerWhoseBodyIsNotReadSettlesTheBreakerWhenClosed() {
		CircuitBreaker breaker = this.clients.circuitBreakers().get("steady");
		downstream.on("/steady", Answer.ok("application/json", "{\"id\":\"p-1\",\"status\":\"OK\"}"));
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		int trials = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		for (int i = 0; i < trials; i++) {
			assertThat(this.clients.get("steady")
				.get()
				.uri("/steady")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value()).isEqualTo(200);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void callerSeesAClientCallExceptionOfTheFailedReadThatEchoesNothing() {
		downstream.on("/caller-reset", Answer.resetMidBody("application/json", PART, 200));
		downstream.on("/caller-stall", Answer.stallMidBody("text/plain", "payments_internal", 200));
		downstream.on("/caller-big", Answer.chunked("application/json", "{\"id\":\"", 8, 512));
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/caller-reset").retrieve().body(Payment.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR))
			.withMessageNotContaining("payments_internal");
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/caller-stall").retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.TIMEOUT))
			.withMessageNotContaining("payments_internal");
		assertThatExceptionOfType(ClientCallException.class)
			.isThrownBy(() -> this.clients.get("payment").get().uri("/caller-big").retrieve().body(Payment.class))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.IO_ERROR))
			.withRootCauseInstanceOf(ResponseTooLargeException.class);
	}

	@Test
	void errorStatusWithoutABodyStaysSpringsExceptionAndAClientError() {
		CircuitBreaker breaker = this.clients.circuitBreakers().get("steady");
		downstream.on("/missing", Answer.status(404, "application/json", ""));
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
			.isThrownBy(() -> this.clients.get("steady").get().uri("/missing").retrieve().body(Payment.class));
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void errorStatusWhoseBodyFailsStaysSpringsExceptionAndAnUnexpectedAnswer() {
		CircuitBreaker breaker = this.clients.circuitBreakers().get("steady");
		downstream.on("/gone-reset", Answer.resetMidBody(404, "application/json", PART, 200));
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
			.isThrownBy(() -> this.clients.get("steady").get().uri("/gone-reset").retrieve().body(Payment.class));
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		HttpResponse<String> response = call("steady", "record", "/gone-reset");
		assertProblem(response, 502, "downstream-bad-response", "The 'steady' service gave an unexpected answer.");
	}

	private long count(String client, String outcome) {
		Timer timer = this.meters.find("apisec.client.requests").tag("client", client).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private HttpResponse<String> call(String client, String as, String path) {
		String query = "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
		return this.http.get("/api/call/" + client + "/" + as + query, null);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type, String detail) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:" + type)
			.contains(detail)
			.doesNotContain("payments_internal")
			.doesNotContain("receipt")
			.doesNotContain("aaaa")
			.doesNotContain("127.0.0.1");
	}

	private static void assertNoStackTrace(String log) {
		assertThat(log).doesNotContain("\tat ").doesNotContain("payments_internal");
	}

	/**
	 * An endpoint that reads the downstream's answer as a record or as text.
	 */
	@RestController
	static class PaymentController {

		private final ApiSecClients clients;

		PaymentController(ApiSecClients clients) {
			this.clients = clients;
		}

		@GetMapping("/api/call/{client}/record")
		Map<String, String> record(@PathVariable String client, @RequestParam String path) {
			Payment payment = this.clients.get(client).get().uri(path).retrieve().body(Payment.class);
			return Map.of("id", payment.id(), "status", payment.status());
		}

		@GetMapping("/api/call/{client}/text")
		String text(@PathVariable String client, @RequestParam String path) {
			return this.clients.get(client).get().uri(path).retrieve().body(String.class);
		}

	}

	record Payment(String id, String status) {
	}

}
