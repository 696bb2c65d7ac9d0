package dev.apisec.client;

import dev.apisec.audit.SecurityEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Reports {@code CIRCUIT_OPENED} when the circuit breaker of an apisec client opens (or
 * is forced open), from resilience4j's state-transition events.
 */
class CircuitOpenedEvents implements SmartInitializingSingleton {

	private final ObjectProvider<ApiSecClients> clients;

	private final SecurityEvents events;

	CircuitOpenedEvents(ObjectProvider<ApiSecClients> clients, SecurityEvents events) {
		this.clients = clients;
		this.events = events;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.clients.ifAvailable((clients) -> clients.circuitBreakers()
			.forEach((name, breaker) -> breaker.getEventPublisher().onStateTransition((event) -> {
				CircuitBreaker.State to = event.getStateTransition().getToState();
				if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
					this.events.circuitOpened(name);
				}
			})));
	}

}
