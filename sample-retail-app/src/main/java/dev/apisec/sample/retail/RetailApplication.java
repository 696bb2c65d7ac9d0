package dev.apisec.sample.retail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A shop API (products, orders, users) secured only by the API security starter through
 * {@code apisec.*} in its application.yml.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RetailApplication {

	public static void main(String[] args) {
		SpringApplication.run(RetailApplication.class, args);
	}

	/**
	 * The last 1000 security audit events, in memory, at {@code /actuator/auditevents}
	 * (ADMIN only). A real deployment ships the audit log instead, or stores the events.
	 * @return the repository
	 */
	@Bean
	InMemoryAuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

}
