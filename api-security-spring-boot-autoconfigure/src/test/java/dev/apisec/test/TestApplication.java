package dev.apisec.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.apisec.client.ApiSecClients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
		 * Call the downstream service through the named apisec client and return its body;
		 * failures of the call are left to the starter's error handling.
		 */
		@GetMapping("/api/call/{client}")
		String call(@PathVariable String client, @RequestParam String path) {
			return this.clients.getObject().get(client).get().uri(path).retrieve().body(String.class);
		}

		@GetMapping("/api/reports/{id}")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> report(@PathVariable String id) {
			return Map.of("id", id);
		}

	}

}
