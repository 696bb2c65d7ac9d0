package dev.apisec.client;

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

	static ClientMetrics micrometer(MeterRegistry registry) {
		return (client, outcome, startNanos) -> Timer.builder("apisec.client.requests")
			.description("Calls of apisec clients, by outcome")
			.tag("client", client)
			.tag("outcome", outcome)
			.register(registry)
			.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

}
