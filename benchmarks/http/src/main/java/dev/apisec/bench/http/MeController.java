package dev.apisec.bench.http;

import java.security.Principal;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint under load: the caller's subject as JSON. The same code in every mode.
 */
@RestController
@Profile("!idp")
class MeController {

	@GetMapping("/bench/me")
	Map<String, String> me(Principal principal) {
		return Map.of("subject", (principal != null) ? principal.getName() : "anonymous");
	}

}
