package dev.apisec.sample.retail.product;

import java.math.BigDecimal;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product of the catalog.
 *
 * @param id the id, {@code null} before it is saved
 * @param sku the stock-keeping unit, unique
 * @param name the display name
 * @param price the unit price
 * @param stock units in stock
 */
// @Table marks the JDBC aggregate: with Redis on the classpath too, Spring Data assigns
// repositories strictly, and only to the store whose annotation the domain type carries.
@Table
public record Product(@Id Long id, String sku, String name, BigDecimal price, int stock) {

	Product withId(Long id) {
		return new Product(id, this.sku, this.name, this.price, this.stock);
	}

}
