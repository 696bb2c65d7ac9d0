package dev.apisec.client;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The circuit state of every apisec client. Always UP: an open circuit means a dependency
 * is unavailable and the application degrades, not that this instance should be taken out
 * of service; the state is in the details.
 */
class ApiSecClientsHealthIndicator extends AbstractHealthIndicator {

	private final ApiSecClients clients;

	ApiSecClientsHealthIndicator(ApiSecClients clients) {
		this.clients = clients;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		for (Map.Entry<String, CircuitBreaker> entry : this.clients.circuitBreakers().entrySet()) {
			CircuitBreaker.Metrics metrics = entry.getValue().getMetrics();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", entry.getValue().getState().name());
			details.put("failureRate", metrics.getFailureRate());
			details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
			details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
			builder.withDetail(entry.getKey(), details);
		}
	}

}
