package dev.apisec.sample.retail.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Customers known to the shop: the seeded demo customers and everyone who placed an
 * order.
 */
@Repository
public class CustomerRepository {

	private final JdbcClient jdbc;

	CustomerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Record a customer on their first order. Portable SQL (H2 and PostgreSQL); runs
	 * inside the order's transaction.
	 * @param username the customer
	 * @param at when they ordered
	 */
	public void register(String username, Instant at) {
		this.jdbc
			.sql("INSERT INTO customer (username, first_seen) SELECT ?, ? WHERE NOT EXISTS "
					+ "(SELECT 1 FROM customer WHERE username = ?)")
			.params(username, Timestamp.from(at), username)
			.update();
	}

	public List<Customer> findAll() {
		return this.jdbc.sql("SELECT username, first_seen FROM customer ORDER BY username")
			.query((rs, row) -> new Customer(rs.getString("username"), rs.getTimestamp("first_seen").toInstant()))
			.list();
	}

	/**
	 * A customer.
	 *
	 * @param username the subject of the customer's tokens
	 * @param firstSeen when the shop first knew them
	 */
	public record Customer(String username, Instant firstSeen) {
	}

}
