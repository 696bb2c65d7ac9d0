package dev.apisec.audit;

import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.web.ClientAddressResolver;
import dev.apisec.web.NetworkAutoConfiguration;
import dev.apisec.web.TraceIdResolver;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.security.AbstractAuthenticationAuditListener;
import org.springframework.boot.actuate.security.AbstractAuthorizationAuditListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the security audit: the starter's filters report security events
 * ({@link SecurityEvents}), which are published as Spring Boot
 * {@link AuditApplicationEvent}s when the application defines an
 * {@code AuditEventRepository} to store them (Spring Boot's condition for auditing),
 * logged to {@code dev.apisec.audit} ({@code apisec.audit.log.*}) and handed to every
 * other {@link SecurityEventListener}. Runs before Spring Boot's audit
 * auto-configuration, whose authentication and authorization audit listeners give way to
 * the starter's, and before the features that report through the events only when there
 * are events (the authorization chain's successes, the clients' opened circuits); that
 * wiring lives in each feature's package, so that this one knows no feature.
 */
// Not after the problem responses: the trace id resolver is looked up when the events are
// created, and the clients, which must come before the problem responses, come after
// this.
@AutoConfiguration(after = NetworkAutoConfiguration.class,
		beforeName = "org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration")
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(AuditApplicationEvent.class)
@EnableConfigurationProperties({ AuditProperties.class, ObservationProperties.class })
@Import({ ApiSecAuditAutoConfiguration.SpringSecurityAuditConfiguration.class,
		ApiSecAuditAutoConfiguration.SpringSecurityObservationConfiguration.class,
		ApiSecAuditAutoConfiguration.UnexportedSpansConfiguration.class })
public class ApiSecAuditAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecurityEvents apisecSecurityEvents(ObjectProvider<SecurityEventListener> listeners,
			ObjectProvider<ClientAddressResolver> clientAddressResolver,
			ObjectProvider<TraceIdResolver> traceIdResolver) {
		return new SecurityEvents(listeners.orderedStream().toList(), clientAddressResolver.getIfAvailable(),
				traceIdResolver.getIfAvailable());
	}

	/**
	 * Publishes the events as Spring Boot audit events under Spring Boot's own conditions
	 * for auditing: an {@code AuditEventRepository} to store them and
	 * {@code management.auditevents.enabled} not {@code false}. Without a repository
	 * Spring Boot audits nothing, and the starter does not build an audit event per
	 * request for nobody.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "apisecAuditEventPublisher")
	@ConditionalOnBean(AuditEventRepository.class)
	@ConditionalOnBooleanProperty(name = "management.auditevents.enabled", matchIfMissing = true)
	AuditEventPublisher apisecAuditEventPublisher(ApplicationEventPublisher publisher) {
		return new AuditEventPublisher(publisher);
	}

	@Bean
	@ConditionalOnMissingBean(name = "apisecSecurityEventLogger")
	@ConditionalOnBooleanProperty(name = "apisec.audit.log.enabled", matchIfMissing = true)
	SecurityEventLogger apisecSecurityEventLogger() {
		return new SecurityEventLogger();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SecurityFilterChain.class, AuthorizationDeniedEvent.class })
	static class SpringSecurityAuditConfiguration {

		@Bean
		@ConditionalOnMissingBean(AbstractAuthenticationAuditListener.class)
		ApiSecAuthenticationAuditListener apisecAuthenticationAuditListener() {
			return new ApiSecAuthenticationAuditListener();
		}

		@Bean
		@ConditionalOnMissingBean(AbstractAuthorizationAuditListener.class)
		ApiSecAuthorizationAuditListener apisecAuthorizationAuditListener(SecurityEvents events) {
			return new ApiSecAuthorizationAuditListener(events);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecurityObservationSettings.class)
	@ConditionalOnBooleanProperty(name = "apisec.observations.spring-security", havingValue = false,
			matchIfMissing = true)
	static class SpringSecurityObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityObservationSettings apisecSecurityObservationSettings() {
			return SecurityObservationSettings.noObservations();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TracingObservationHandler.class)
	@ConditionalOnBooleanProperty(name = "apisec.observations.unexported-spans", havingValue = false,
			matchIfMissing = true)
	static class UnexportedSpansConfiguration {

		// Static: a post-processor is created before the beans it processes.
		@Bean
		static UnexportedSpans apisecUnexportedSpans() {
			return new UnexportedSpans();
		}

	}

}
