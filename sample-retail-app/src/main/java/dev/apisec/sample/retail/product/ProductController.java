package dev.apisec.sample.retail.product;

import java.net.URI;
import java.util.List;

import dev.apisec.sample.retail.web.ConflictException;
import dev.apisec.sample.retail.web.NotFoundException;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog: anyone reads it, administrators change it (both decided by the rules in
 * application.yml, not here).
 */
@RestController
class ProductController {

	private final ProductRepository products;

	ProductController(ProductRepository products) {
		this.products = products;
	}

	@GetMapping("/api/products")
	List<Product> list() {
		return this.products.findAllByOrderById();
	}

	/**
	 * The first version of the catalog, kept as a deprecated alias: its responses
	 * announce the deprecation and sunset (apisec.deprecations in application.yml).
	 * @return the products
	 */
	@GetMapping(path = "/api/v1/products")
	List<Product> listV1() {
		return this.products.findAllByOrderById();
	}

	@GetMapping("/api/products/{id}")
	Product get(@PathVariable long id) {
		return this.products.findById(id).orElseThrow(() -> new NotFoundException("product", id));
	}

	@PostMapping("/api/products")
	ResponseEntity<Product> create(@Valid @RequestBody ProductRequest request) {
		if (this.products.existsBySku(request.sku())) {
			throw new ConflictException("A product with this SKU already exists.");
		}
		Product saved = this.products.save(request.toProduct(null));
		return ResponseEntity.created(URI.create("/api/products/" + saved.id())).body(saved);
	}

	@PutMapping("/api/products/{id}")
	Product replace(@PathVariable long id, @Valid @RequestBody ProductRequest request) {
		if (!this.products.existsById(id)) {
			throw new NotFoundException("product", id);
		}
		return this.products.save(request.toProduct(id));
	}

	@DeleteMapping("/api/products/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		if (!this.products.existsById(id)) {
			throw new NotFoundException("product", id);
		}
		this.products.deleteById(id);
		return ResponseEntity.noContent().build();
	}

}
