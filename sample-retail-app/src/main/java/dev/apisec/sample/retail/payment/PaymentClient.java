package dev.apisec.sample.retail.payment;

import java.math.BigDecimal;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls the payment service through the starter's {@code payment} client
 * ({@code apisec.clients.payment.*}): timeouts, circuit breaker, bulkhead and a service
 * token come from configuration. A payment is a POST, so it is never retried
 * automatically. A server error of the payment service becomes a 503 problem of the
 * sample's own. Any other answer the shop does not expect (a 4xx, an HTML page, malformed
 * JSON) is left to the starter, which answers 502 naming the payment client; the order is
 * rolled back either way.
 */
@Component
public class PaymentClient {

	private final RestClient payment;

	PaymentClient(@Qualifier("payment") RestClient payment) {
		this.payment = payment;
	}

	/**
	 * Authorize the payment of an order.
	 * @param orderId the order
	 * @param amount the amount
	 * @return the payment service's authorization
	 * @throws PaymentUnavailableException when the payment service answers with a 5xx
	 * @throws org.springframework.web.client.RestClientException for another answer that
	 * is not an authorization (answered 502 by the starter)
	 */
	public Authorization authorize(long orderId, BigDecimal amount) {
		return this.payment.post()
			.uri("/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Request(orderId, amount))
			.retrieve()
			.onStatus(HttpStatusCode::is5xxServerError, (request, response) -> {
				throw new PaymentUnavailableException(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
			})
			.body(Authorization.class);
	}

	record Request(long orderId, BigDecimal amount) {
	}

	/**
	 * A payment authorization.
	 *
	 * @param id the payment id
	 * @param status the status, e.g. AUTHORIZED
	 */
	public record Authorization(String id, String status) {
	}

}
