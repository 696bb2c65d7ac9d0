package dev.apisec.sample.retail.product;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

public interface ProductRepository extends ListCrudRepository<Product, Long> {

	List<Product> findAllByOrderById();

	boolean existsBySku(String sku);

	/**
	 * Take units out of stock in one statement, so that concurrent orders can never
	 * oversell: the row is only updated while enough units remain.
	 * @param id the product id
	 * @param quantity the units to take
	 * @return 1 when taken, 0 when the product is unknown or short of stock
	 */
	@Modifying
	@Query("UPDATE product SET stock = stock - :quantity WHERE id = :id AND stock >= :quantity")
	int takeFromStock(@Param("id") long id, @Param("quantity") int quantity);

}
