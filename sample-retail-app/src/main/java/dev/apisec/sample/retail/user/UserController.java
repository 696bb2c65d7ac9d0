package dev.apisec.sample.retail.user;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is, and (for administrators) the shop's customers.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final CustomerRepository customers;

	UserController(CustomerRepository customers) {
		this.customers = customers;
	}

	@GetMapping("/me")
	Map<String, Object> me(Authentication caller) {
		List<String> authorities = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		return Map.of("subject", caller.getName(), "roles",
				authorities.stream().filter((a) -> a.startsWith("ROLE_")).map((a) -> a.substring(5)).sorted().toList(),
				"scopes",
				authorities.stream()
					.filter((a) -> a.startsWith("SCOPE_"))
					.map((a) -> a.substring(6))
					.sorted()
					.toList());
	}

	@GetMapping
	List<CustomerRepository.Customer> customers() {
		return this.customers.findAll();
	}

}
