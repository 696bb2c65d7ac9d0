package dev.apisec.mtls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Expiry of the server's SSL bundle certificates (its own chain and the trusted CAs): UP
 * with each certificate's subject, notAfter and days left; a {@code warning} detail when
 * one expires within {@code apisec.mtls.expiry-warning}; DOWN when one has expired.
 */
public class MtlsCertificatesHealthIndicator extends AbstractHealthIndicator {

	private final ServerCertificates certificates;

	private final Duration warning;

	private final Clock clock;

	public MtlsCertificatesHealthIndicator(ServerCertificates certificates, Duration warning, Clock clock) {
		super("Server certificate health check failed");
		this.certificates = certificates;
		this.warning = warning;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		List<Map<String, Object>> details = new ArrayList<>();
		List<String> expiring = new ArrayList<>();
		boolean expired = false;
		for (ServerCertificates.Entry entry : this.certificates.certificates()) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("store", entry.store());
			detail.put("alias", entry.alias());
			detail.put("subject", entry.subject());
			detail.put("notAfter", entry.notAfter().toString());
			detail.put("daysLeft", Duration.between(now, entry.notAfter()).toDays());
			details.add(detail);
			if (!entry.notAfter().isAfter(now)) {
				expired = true;
				expiring.add(entry.subject() + " expired");
			}
			else if (entry.notAfter().isBefore(now.plus(this.warning))) {
				expiring.add(entry.subject() + " expires " + entry.notAfter());
			}
		}
		builder.withDetail("bundle", this.certificates.getBundleName()).withDetail("certificates", details);
		if (!expiring.isEmpty()) {
			builder.withDetail("warning", String.join("; ", expiring));
		}
		if (expired) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
