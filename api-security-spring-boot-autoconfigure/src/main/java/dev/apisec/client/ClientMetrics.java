package dev.apisec.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code apisec.client.requests} timer, tagged {@code client} and {@code outcome}
 * ({@code success}, {@code client_error}, {@code server_error}, {@code timeout},
 * {@code unavailable}, {@code io_error}, {@code circuit_open}, {@code bulkhead_full}).
 */
interface ClientMetrics {

	ClientMetrics NONE = (client, outcome, startNanos) -> {
	};

	void record(String client, String outcome, long startNanos);

	/**
	 * Timers registered on first use per client and outcome (both bounded sets), then
	 * only looked up, so a call does not build a meter id.
	 * @param registry the registry
	 * @return the metrics
	 */
	static ClientMetrics micrometer(MeterRegistry registry) {
		Map<String, Timer> timers = new ConcurrentHashMap<>();
		return (client, outcome, startNanos) -> timers
			.computeIfAbsent(client + ' ' + outcome,
					(key) -> Timer.builder("apisec.client.requests")
						.description("Calls of apisec clients, by outcome")
						.tag("client", client)
						.tag("outcome", outcome)
						.register(registry))
			.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

}
