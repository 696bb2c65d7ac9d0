package dev.apisec.client;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.apisec.test.DownstreamServer;
import dev.apisec.test.DownstreamServer.Reply;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own {@code @RestControllerAdvice}, with the default order, handles
 * the answers of a downstream it expects before the starter does; what it does not handle
 * is still the starter's 502, also beside an advice of the application that extends
 * {@link ResponseEntityExceptionHandler} and is ordered first.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ ApplicationErrorHandlersHttpTests.CatalogController.class,
		ApplicationErrorHandlersHttpTests.LedgerController.class, ApplicationErrorHandlersHttpTests.CatalogAdvice.class,
		ApplicationErrorHandlersHttpTests.LedgerAdvice.class,
		ApplicationErrorHandlersHttpTests.FirstSpringMvcAdvice.class })
class ApplicationErrorHandlersHttpTests {

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example",
			"an-application-handlers-secret-of-32-bytes", "api");

	static final DownstreamServer downstream = new DownstreamServer();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/app/**", "access=public");
		registry.add("apisec.clients.catalog.base-url", downstream::url);
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	private final Http http;

	ApplicationErrorHandlersHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void applicationsDefaultOrderedAdviceForASpringStatusExceptionWins() {
		downstream.on("/products/missing",
				Reply.status(404, "{\"error\":\"none\"}", "Content-Type", "application/json"));
		HttpResponse<String> response = call("/api/app/catalog", "/products/missing");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"handledBy\":\"application\"").contains("no such product");
	}

	@Test
	void applicationsDefaultOrderedAdviceForRestClientExceptionWins() {
		downstream.on("/entries/broken", Reply.json("{\"id\":"));
		HttpResponse<String> response = call("/api/app/ledger", "/entries/broken");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"handledBy\":\"application\"").contains("ledger unreadable");
	}

	@Test
	void answerTheApplicationDoesNotHandleIsStillTheStarters502() {
		downstream.on("/products/refused", Reply.status(401, "{\"error\":\"no\"}", "Content-Type", "application/json"));
		assertBadGateway(call("/api/app/catalog", "/products/refused"));
	}

	@Test
	void malformedDownstreamJsonIsA502NotTheRequestsFaultBesideAResponseEntityExceptionHandlerOrderedFirst() {
		downstream.on("/products/broken", Reply.json("{\"id\":\"p-1\",\"name\":"));
		assertBadGateway(call("/api/app/catalog", "/products/broken"));
	}

	private HttpResponse<String> call(String endpoint, String path) {
		return this.http.get(endpoint + "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8), null);
	}

	private static void assertBadGateway(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:apisec:problem:downstream-bad-response")
			.contains("The 'catalog' service gave an unexpected answer.")
			.doesNotContain("handledBy");
	}

	record Product(String id, String name) {
	}

	@RestController
	static class CatalogController {

		private final ApiSecClients clients;

		CatalogController(ApiSecClients clients) {
			this.clients = clients;
		}

		@GetMapping("/api/app/catalog")
		Product product(@RequestParam String path) {
			return this.clients.get("catalog").get().uri(path).retrieve().body(Product.class);
		}

	}

	@RestController
	static class LedgerController {

		private final ApiSecClients clients;

		LedgerController(ApiSecClients clients) {
			this.clients = clients;
		}

		@GetMapping("/api/app/ledger")
		Product entry(@RequestParam String path) {
			return this.clients.get("catalog").get().uri(path).retrieve().body(Product.class);
		}

	}

	/**
	 * An application's advice as usually written: no order, one status it gives a
	 * meaning.
	 */
	@RestControllerAdvice(assignableTypes = CatalogController.class)
	static class CatalogAdvice {

		@ExceptionHandler(HttpClientErrorException.NotFound.class)
		ResponseEntity<Map<String, String>> productNotFound() {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("handledBy", "application", "detail", "no such product"));
		}

	}

	/**
	 * An application's advice without an order for every failure of a client call.
	 */
	@RestControllerAdvice(assignableTypes = LedgerController.class)
	static class LedgerAdvice {

		@ExceptionHandler(RestClientException.class)
		ResponseEntity<Map<String, String>> ledgerFailed() {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("handledBy", "application", "detail", "ledger unreadable"));
		}

	}

	/**
	 * An application's advice for Spring MVC's exceptions, ordered before every other
	 * advice.
	 */
	@RestControllerAdvice
	@Order(0)
	static class FirstSpringMvcAdvice extends ResponseEntityExceptionHandler {

	}

}
