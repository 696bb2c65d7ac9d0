package dev.apisec.sample.retail.order;

import java.net.URI;
import java.util.List;

import dev.apisec.sample.retail.web.NotFoundException;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders. The path rule (role USER, or ADMIN through the hierarchy) lets callers in;
 * which order a caller may see is object-level and needs the data, so it is decided here:
 * the owner or an administrator, and everyone else gets 404, never a hint that the order
 * exists.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping
	ResponseEntity<Order> place(@Valid @RequestBody OrderRequest request, Authentication caller) {
		Order order = this.orders.place(caller.getName(), request);
		return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
	}

	@GetMapping
	List<Order> list(Authentication caller) {
		return isAdmin(caller) ? this.orders.findAll() : this.orders.findByOwner(caller.getName());
	}

	@GetMapping("/{id}")
	Order get(@PathVariable long id, Authentication caller) {
		return this.orders.find(id)
			.filter((order) -> isAdmin(caller) || order.owner().equals(caller.getName()))
			.orElseThrow(() -> new NotFoundException("order", id));
	}

	private static boolean isAdmin(Authentication caller) {
		return caller.getAuthorities().stream().anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
	}

}
