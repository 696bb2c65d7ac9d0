package dev.apisec.mtls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry in health: UP, UP with a warning inside the warning period, DOWN once expired.
 */
class MtlsCertificatesHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void farFromExpiryIsUpWithoutWarning() {
		Health health = health(NOW.plus(Duration.ofDays(200)));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("bundle", "server").doesNotContainKey("warning");
		assertThat(health.getDetails().get("certificates").toString()).contains("daysLeft=200")
			.contains("subject=CN=server");
	}

	@Test
	void withinTheWarningPeriodIsUpWithAWarning() {
		Health health = health(NOW.plus(Duration.ofDays(10)));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("warning").toString()).contains("CN=server expires 2026-01-11");
	}

	@Test
	void expiredIsDown() {
		Health health = health(NOW.minus(Duration.ofDays(1)));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("warning").toString()).contains("CN=server expired");
	}

	private static Health health(Instant notAfter) {
		ServerCertificates certificates = new ServerCertificates(null, "server") {
			@Override
			public List<Entry> certificates() {
				return List.of(new Entry("keystore", "tomcat", "CN=server", notAfter),
						new Entry("truststore", "ca", "CN=CA", NOW.plus(Duration.ofDays(3650))));
			}
		};
		return new MtlsCertificatesHealthIndicator(certificates, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC))
			.health();
	}

}
