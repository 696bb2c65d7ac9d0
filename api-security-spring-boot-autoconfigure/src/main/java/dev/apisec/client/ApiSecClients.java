package dev.apisec.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The configured outbound clients by name. Each is also a {@link RestClient} bean
 * qualified by its name ({@code @Qualifier("payment") RestClient payment}); this registry
 * adds {@code @HttpExchange} interfaces backed by a client and the clients' circuit
 * breakers.
 */
public class ApiSecClients {

	/**
	 * Request attribute that allows retries of a non-idempotent call:
	 * {@code client.post()...attribute(ApiSecClients.RETRY_NON_IDEMPOTENT, true)}.
	 */
	public static final String RETRY_NON_IDEMPOTENT = "apisec.client.retry-non-idempotent";

	private final Map<String, RestClient> clients;

	private final Map<String, CircuitBreaker> circuitBreakers;

	/**
	 * Create a registry of the given clients; the auto-configuration backs off when an
	 * application (or a test) defines its own.
	 * @param clients the clients by name
	 * @param circuitBreakers the circuit breakers of the clients that have one, by name
	 */
	public ApiSecClients(Map<String, RestClient> clients, Map<String, CircuitBreaker> circuitBreakers) {
		this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
		this.circuitBreakers = Collections.unmodifiableMap(new LinkedHashMap<>(circuitBreakers));
	}

	/**
	 * Return the client with the given name.
	 * @param name the name under apisec.clients
	 * @return the client
	 * @throws IllegalArgumentException if no such client is configured
	 */
	public RestClient get(String name) {
		RestClient client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException(
					"No client '" + name + "' under apisec.clients; configured: " + this.clients.keySet());
		}
		return client;
	}

	/**
	 * Create an {@code @HttpExchange} interface backed by the named client.
	 * @param <T> the interface type
	 * @param name the client's name
	 * @param type the interface
	 * @return the proxy
	 */
	public <T> T httpExchange(String name, Class<T> type) {
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(get(name))).build().createClient(type);
	}

	/**
	 * Return the names of the configured clients.
	 * @return the names
	 */
	public Set<String> names() {
		return this.clients.keySet();
	}

	/**
	 * Return the circuit breakers of the clients that have one.
	 * @return circuit breakers by client name
	 */
	public Map<String, CircuitBreaker> circuitBreakers() {
		return this.circuitBreakers;
	}

}
