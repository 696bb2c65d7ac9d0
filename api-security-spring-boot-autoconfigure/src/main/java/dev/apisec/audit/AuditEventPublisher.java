package dev.apisec.audit;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes each security event as a Spring Boot {@link AuditApplicationEvent}, which
 * Spring Boot's audit listener stores in the application's {@code AuditEventRepository}
 * (and so shows at {@code /actuator/auditevents}) when it defines one.
 */
class AuditEventPublisher implements SecurityEventListener {

	private final ApplicationEventPublisher publisher;

	AuditEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onSecurityEvent(SecurityEvent event) {
		this.publisher.publishEvent(new AuditApplicationEvent(event.principal(), event.type().name(), event.data()));
	}

}
