package dev.apisec.sample.retail.order;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.apisec.sample.retail.payment.PaymentClient;
import dev.apisec.sample.retail.product.Product;
import dev.apisec.sample.retail.product.ProductRepository;
import dev.apisec.sample.retail.user.CustomerRepository;
import dev.apisec.sample.retail.web.ConflictException;
import dev.apisec.sample.retail.web.InvalidFieldException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and reads orders. Stock is taken with one conditional update per line inside the
 * order's transaction, so concurrent orders never oversell and a failed line undoes the
 * lines before it.
 */
@Service
public class OrderService {

	private final JdbcClient jdbc;

	private final ProductRepository products;

	private final CustomerRepository customers;

	private final PaymentClient payments;

	OrderService(JdbcClient jdbc, ProductRepository products, CustomerRepository customers, PaymentClient payments) {
		this.jdbc = jdbc;
		this.products = products;
		this.customers = customers;
		this.payments = payments;
	}

	@Transactional
	public Order place(String owner, OrderRequest request) {
		List<Order.Line> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO;
		for (int i = 0; i < request.items().size(); i++) {
			OrderRequest.Item item = request.items().get(i);
			String field = "items[" + i + "].productId";
			Product product = this.products.findById(item.productId())
				.orElseThrow(() -> new InvalidFieldException(field, "no such product"));
			if (this.products.takeFromStock(product.id(), item.quantity()) == 0) {
				throw new ConflictException("Not enough stock for product " + product.id() + ".");
			}
			BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(item.quantity()));
			lines.add(new Order.Line(product.id(), product.sku(), item.quantity(), product.price(), lineTotal));
			total = total.add(lineTotal);
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO orders (owner, total, status, created_at) VALUES (?, ?, ?, ?)")
			.params(owner, total, "PLACED", Timestamp.from(now))
			.update(keys, "id");
		long id = keys.getKey().longValue();
		for (int i = 0; i < lines.size(); i++) {
			Order.Line line = lines.get(i);
			this.jdbc
				.sql("INSERT INTO order_item (order_id, item_index, product_id, sku, quantity, unit_price) "
						+ "VALUES (?, ?, ?, ?, ?, ?)")
				.params(id, i, line.productId(), line.sku(), line.quantity(), line.unitPrice())
				.update();
		}
		this.customers.register(owner, now);
		// Inside the transaction: if the payment service refuses or cannot be reached,
		// the order and its stock are rolled back. The call is bounded by the client's
		// timeouts.
		this.payments.authorize(id, total);
		return new Order(id, owner, lines, total, "PLACED", now);
	}

	@Transactional(readOnly = true)
	public Optional<Order> find(long id) {
		return load("WHERE id = ?", id).stream().findFirst();
	}

	@Transactional(readOnly = true)
	public List<Order> findByOwner(String owner) {
		return load("WHERE owner = ?", owner);
	}

	@Transactional(readOnly = true)
	public List<Order> findAll() {
		return load("", new Object[0]);
	}

	private List<Order> load(String where, Object... params) {
		Map<Long, Order> orders = new LinkedHashMap<>();
		this.jdbc.sql("SELECT id, owner, total, status, created_at FROM orders " + where + " ORDER BY id")
			.params(params)
			.query((rs, row) -> new Order(rs.getLong("id"), rs.getString("owner"), new ArrayList<>(),
					rs.getBigDecimal("total"), rs.getString("status"), rs.getTimestamp("created_at").toInstant()))
			.list()
			.forEach((order) -> orders.put(order.id(), order));
		if (orders.isEmpty()) {
			return List.of();
		}
		this.jdbc
			.sql("SELECT order_id, product_id, sku, quantity, unit_price FROM order_item WHERE order_id IN (:ids) "
					+ "ORDER BY order_id, item_index")
			.param("ids", orders.keySet())
			.query((rs) -> {
				BigDecimal unitPrice = rs.getBigDecimal("unit_price");
				int quantity = rs.getInt("quantity");
				orders.get(rs.getLong("order_id"))
					.items()
					.add(new Order.Line(rs.getLong("product_id"), rs.getString("sku"), quantity, unitPrice,
							unitPrice.multiply(BigDecimal.valueOf(quantity))));
			});
		return List.copyOf(orders.values());
	}

}
