package dev.apisec.sample.retail.store;

import java.util.List;

import dev.apisec.sample.retail.web.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shelves of one physical store, for its staff. Who may read which store is decided
 * by the store-inventory rule in application.yml (role STAFF and a "store" claim equal to
 * the path's store), not here: this code never sees a request for another store.
 */
@RestController
class StoreInventoryController {

	private final JdbcClient jdbc;

	StoreInventoryController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/stores/{storeId}/inventory")
	List<ShelfItem> inventory(@PathVariable String storeId) {
		List<ShelfItem> items = this.jdbc
			.sql("SELECT i.product_id, p.sku, i.quantity FROM store_inventory i JOIN product p ON p.id = i.product_id "
					+ "WHERE i.store = ? ORDER BY i.product_id")
			.param(storeId)
			.query((rs, row) -> new ShelfItem(rs.getLong("product_id"), rs.getString("sku"), rs.getInt("quantity")))
			.list();
		if (items.isEmpty()) {
			throw new NotFoundException("store", storeId);
		}
		return items;
	}

	/**
	 * Units of one product on a store's shelves.
	 *
	 * @param productId the product id
	 * @param sku the product's stock-keeping unit
	 * @param quantity units on the shelves
	 */
	record ShelfItem(long productId, String sku, int quantity) {
	}

}
