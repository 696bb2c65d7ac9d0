/**
 * Outbound clients from {@code apisec.clients.<name>.*}: each a {@code RestClient} bean
 * qualified by its name, built on Spring Boot's {@code RestClient.Builder} with timeouts,
 * a resilience4j bulkhead and circuit breaker, retries, a response size limit and a
 * service token (client credentials, or the relayed bearer token). {@code ApiSecClients}
 * gives the clients by name and {@code @HttpExchange} interfaces backed by them; a failed
 * call the application does not handle is answered with a 502, 503 or 504 problem
 * response that names the client.
 */
package dev.apisec.client;
