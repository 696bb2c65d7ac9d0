package dev.apisec.sample.retail.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Knobs of the payment simulator, to see timeouts and the circuit breaker at work.
 */
@ConfigurationProperties("retail.payment-simulator")
public class PaymentSimulatorProperties {

	/**
	 * Delay before each answer.
	 */
	private Duration latency = Duration.ZERO;

	/**
	 * Share of payments answered with 503, from 0 to 1.
	 */
	private double failureRate;

	public Duration getLatency() {
		return this.latency;
	}

	public void setLatency(Duration latency) {
		this.latency = latency;
	}

	public double getFailureRate() {
		return this.failureRate;
	}

	public void setFailureRate(double failureRate) {
		this.failureRate = failureRate;
	}

}
