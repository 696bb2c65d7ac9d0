package dev.apisec.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.apisec.client.ApiSecClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The clients part of the {@code apisec} endpoint, apart so that the endpoint loads
 * without resilience4j on the classpath.
 */
final class ClientsSection {

	private final ApiSecClients clients;

	ClientsSection(ApiSecClients clients) {
		this.clients = clients;
	}

	List<Map<String, Object>> describe() {
		return this.clients.names().stream().map((name) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", name);
			CircuitBreaker breaker = this.clients.circuitBreakers().get(name);
			entry.put("circuitState", (breaker != null) ? breaker.getState().name() : null);
			return entry;
		}).toList();
	}

}
