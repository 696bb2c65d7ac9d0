package dev.apisec.sample.retail.partner;

import java.util.List;

import dev.apisec.sample.retail.product.ProductRepository;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock levels for partners (resellers, marketplaces) that call with an API key; the
 * PARTNER role is required by the partner-stock rule in application.yml, not here.
 */
@RestController
class PartnerStockController {

	private final ProductRepository products;

	PartnerStockController(ProductRepository products) {
		this.products = products;
	}

	@GetMapping("/api/partner/stock")
	List<StockLevel> stock() {
		return this.products.findAllByOrderById()
			.stream()
			.map((product) -> new StockLevel(product.id(), product.stock()))
			.toList();
	}

	/**
	 * The stock of one product.
	 *
	 * @param productId the product id
	 * @param stock units in stock
	 */
	record StockLevel(Long productId, int stock) {
	}

}
