package dev.apisec.client;

import dev.apisec.audit.SecurityEvents;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reports opened circuits as security events when there are security events to report to:
 * the audit auto-configuration's (which therefore runs first) or the application's own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(SecurityEvents.class)
class CircuitOpenedEventsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CircuitOpenedEvents apisecCircuitOpenedEvents(ObjectProvider<ApiSecClients> clients, SecurityEvents events) {
		return new CircuitOpenedEvents(clients, events);
	}

}
