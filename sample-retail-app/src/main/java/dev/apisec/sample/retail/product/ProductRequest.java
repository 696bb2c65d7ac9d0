package dev.apisec.sample.retail.product;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an administrator sends to create or replace a product.
 *
 * @param sku upper-case letters, digits and dashes
 * @param name the display name
 * @param price the unit price, positive, two decimals at most
 * @param stock units in stock
 */
public record ProductRequest(@NotBlank @Pattern(regexp = "[A-Z0-9-]{3,32}") String sku,
		@NotBlank @Size(max = 120) String name,
		@NotNull @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal price,
		@NotNull @Min(0) @Max(1_000_000) Integer stock) {

	Product toProduct(Long id) {
		return new Product(id, this.sku, this.name.strip(), this.price, this.stock);
	}

}
