package dev.apisec.mtls;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauge {@code apisec.certificate.expiry}: seconds until each certificate of the server's
 * SSL bundle expires (negative once expired), tagged with bundle, store and alias.
 */
public class CertificateExpiryMetrics implements MeterBinder {

	/** Name of the gauge. */
	public static final String METER = "apisec.certificate.expiry";

	private final ServerCertificates certificates;

	private final Clock clock;

	public CertificateExpiryMetrics(ServerCertificates certificates, Clock clock) {
		this.certificates = certificates;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ServerCertificates.Entry entry : this.certificates.certificates()) {
			Gauge.builder(METER, () -> Duration.between(this.clock.instant(), entry.notAfter()).toSeconds())
				.description("Seconds until the certificate expires")
				.baseUnit("seconds")
				.tag("bundle", this.certificates.getBundleName())
				.tag("store", entry.store())
				.tag("alias", entry.alias())
				.register(registry);
		}
	}

}
