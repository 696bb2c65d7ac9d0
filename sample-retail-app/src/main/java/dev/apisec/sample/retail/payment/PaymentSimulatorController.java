package dev.apisec.sample.retail.payment;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for a payment service, served by the sample itself under /simulator so that
 * the sample runs with one command. It is called like a remote service: over HTTP, with a
 * service token whose "payments" scope the rules require.
 */
@RestController
class PaymentSimulatorController {

	private final PaymentSimulatorProperties properties;

	PaymentSimulatorController(PaymentSimulatorProperties properties) {
		this.properties = properties;
	}

	@PostMapping("/simulator/payments")
	ResponseEntity<Map<String, String>> authorize(@Valid @RequestBody PaymentRequest request)
			throws InterruptedException {
		if (!this.properties.getLatency().isZero()) {
			Thread.sleep(this.properties.getLatency().toMillis());
		}
		if (ThreadLocalRandom.current().nextDouble() < this.properties.getFailureRate()) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").build();
		}
		return ResponseEntity.ok(Map.of("id", UUID.randomUUID().toString(), "status", "AUTHORIZED"));
	}

	record PaymentRequest(@NotNull @Positive Long orderId, @NotNull @DecimalMin("0.01") BigDecimal amount) {
	}

}
