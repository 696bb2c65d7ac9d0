package dev.apisec.sample.retail.order;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An order as the customer places it: products and quantities only. Prices, totals and
 * the owner are decided by the server.
 *
 * @param items the lines, 1 to 50
 */
public record OrderRequest(@NotEmpty @Size(max = 50) List<@Valid @NotNull Item> items) {

	/**
	 * One line of the order.
	 *
	 * @param productId the product
	 * @param quantity units, 1 to 100
	 */
	public record Item(@NotNull @Positive Long productId, @NotNull @Min(1) @Max(100) Integer quantity) {
	}

}
