package dev.apisec.test;

import java.security.Principal;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.apisec.client.ApiSecClients;

import org.springframework.beans.factory.ObjectProvider;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A small API secured only by the starter, for HTTP tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestApplication.TestController.class)
public class TestApplication {

	@RestController
	static class TestController {

		private final ObjectProvider<ApiSecClients> clients;

		TestController(ObjectProvider<ApiSecClients> clients) {
			this.clients = clients;
		}

		@GetMapping("/api/public/hello")
		Map<String, Object> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping({ "/api/me", "/api/admin/me", "/api/orders", "/api/unruled", "/api/blocked/x", "/legacy/me" })
		Map<String, Object> me(Authentication authentication) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", (authentication != null) ? authentication.getName() : null);
			body.put("authorities", (authentication != null)
					? authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList()
					: List.of());
			return body;
		}

		@GetMapping("/api/limited/{name}")
		Map<String, Object> limited(@PathVariable String name) {
			return Map.of("limited", name);
		}

		@PostMapping("/api/orders")
		Map<String, Object> order(Authentication authentication) {
			return Map.of("owner", authentication.getName());
		}

		/**
		 * Call the downstream service through the named apisec client and return its
		 * body; failures of the call are left to the starter's error handling.
		 */
		@GetMapping("/api/call/{client}")
		String call(@PathVariable String client, @RequestParam String path) {
			return this.clients.getObject().get(client).get().uri(path).retrieve().body(String.class);
		}

		@GetMapping("/api/regions/{region}/stock")
		Map<String, Object> regionStock(@PathVariable String region, Principal principal) {
			return Map.of("region", region, "caller", principal.getName());
		}

		@GetMapping("/api/reports/{id}")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> report(@PathVariable String id) {
			return Map.of("id", id);
		}

		@PostMapping("/api/public/echo")
		EchoRequest echo(@Valid @RequestBody EchoRequest body) {
			return body;
		}

		@GetMapping("/api/public/items")
		Map<String, Object> items(@RequestParam @Min(1) int page) {
			return Map.of("page", page);
		}

		@GetMapping("/api/public/boom")
		Map<String, Object> boom() {
			throw new IllegalStateException("Secret internal state of db-7.internal");
		}

		@GetMapping("/api/public/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.sendError(409);
		}

		@GetMapping("/api/public/gone/{id}")
		Map<String, Object> gone(@PathVariable String id) {
			throw new ResponseStatusException(HttpStatus.GONE, "Order " + id + " was archived.");
		}

	}

	/**
	 * A validated request body.
	 *
	 * @param name a name
	 * @param quantity a quantity
	 * @param nested a nested object
	 * @param attributes free-form JSON
	 */
	public record EchoRequest(@NotBlank @Size(max = 20) String name, @Min(1) @Max(100) int quantity,
			@Valid Nested nested, Map<String, Object> attributes) {
	}

	/**
	 * A nested object of {@link EchoRequest}.
	 *
	 * @param itemCode an item code
	 */
	public record Nested(@NotBlank String itemCode) {
	}

}
