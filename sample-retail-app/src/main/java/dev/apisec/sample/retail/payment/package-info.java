/**
 * The call to the payment service through the starter's {@code payment} client
 * ({@code apisec.clients.payment.*}), whose timeouts, circuit breaker, bulkhead and
 * service token come from configuration, and a payment simulator that the sample serves
 * itself under {@code /simulator}. The simulator is called like a remote service, over
 * HTTP with a service token, and its latency and failure rate
 * ({@code retail.payment-simulator.*}) show the timeouts and the circuit breaker at work.
 */
package dev.apisec.sample.retail.payment;
