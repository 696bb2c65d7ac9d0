package dev.apisec.sample.retail.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A placed order.
 *
 * @param id the id
 * @param owner the subject of the token that placed it
 * @param items the lines with the prices charged
 * @param total the sum of the lines
 * @param status the status
 * @param createdAt when it was placed
 */
public record Order(long id, String owner, List<Line> items, BigDecimal total, String status, Instant createdAt) {

	/**
	 * One line of a placed order.
	 *
	 * @param productId the product
	 * @param sku the product's SKU when ordered
	 * @param quantity units
	 * @param unitPrice the price charged per unit
	 * @param lineTotal quantity times unit price
	 */
	public record Line(long productId, String sku, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
	}

}
