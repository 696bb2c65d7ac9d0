package dev.apisec.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.apisec.web.TraceIdResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.actuate.security.AbstractAuthenticationAuditListener;
import org.springframework.boot.actuate.security.AbstractAuthorizationAuditListener;
import org.springframework.boot.actuate.security.AuthenticationAuditListener;
import org.springframework.boot.actuate.security.AuthorizationAuditListener;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.observation.SecurityObservationSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ApiSecAuditAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiSecAuditAutoConfiguration.class, AuditAutoConfiguration.class));

	@Test
	void logsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SecurityEvents.class)
				.doesNotHaveBean(AuditEventPublisher.class)
				.hasSingleBean(SecurityEventLogger.class)
				.hasSingleBean(ApiSecAuthenticationAuditListener.class)
				.hasSingleBean(ApiSecAuthorizationAuditListener.class);
			assertThat(context.getBean(SecurityEvents.class).isEnabled()).isTrue();
		});
	}

	@Test
	void publishesAuditEventsWhenTheApplicationStoresThem() {
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new).run((context) -> {
			assertThat(context).hasSingleBean(AuditEventPublisher.class);
			context.getBean(SecurityEvents.class).apiKeyExpiring("key-1", Instant.EPOCH);
			assertThat(context.getBean(AuditEventRepository.class).find("key-1", null, null))
				.extracting(AuditEvent::getType)
				.containsExactly("API_KEY_EXPIRING");
		});
	}

	@Test
	void doesNotPublishAuditEventsWhenSpringBootsAuditingIsOff() {
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
			.withPropertyValues("management.auditevents.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AuditEventPublisher.class));
	}

	@Test
	void auditLogCanBeTurnedOff() {
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
			.withPropertyValues("apisec.audit.log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityEventLogger.class)
				.hasSingleBean(AuditEventPublisher.class));
	}

	@Test
	void successesAreNotBuiltWhenNoListenerWantsThem() {
		// The audit log writes successes at DEBUG only; nothing stores audit events.
		this.contextRunner.run((context) -> {
			SecurityEvents events = context.getBean(SecurityEvents.class);
			assertThat(events.isEnabled()).isTrue();
			assertThat(events.wants(SecurityEventType.AUTHENTICATION_SUCCESS, SecurityEvent.JWT)).isFalse();
			assertThat(events.wants(SecurityEventType.AUTHENTICATION_FAILURE, SecurityEvent.JWT)).isTrue();
		});
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
			.run((context) -> assertThat(context.getBean(SecurityEvents.class)
				.wants(SecurityEventType.AUTHENTICATION_SUCCESS, SecurityEvent.JWT)).isTrue());
	}

	@Test
	void listenersOnlyReceiveTheEventsTheySupport() {
		List<SecurityEvent> seen = new ArrayList<>();
		SecurityEventListener failuresOnly = new SecurityEventListener() {

			@Override
			public void onSecurityEvent(SecurityEvent event) {
				seen.add(event);
			}

			@Override
			public boolean supports(SecurityEventType type, String method) {
				return type == SecurityEventType.AUTHENTICATION_FAILURE;
			}

		};
		AtomicInteger traceIdLookups = new AtomicInteger();
		SecurityEvents events = new SecurityEvents(List.of(failuresOnly), null, new TraceIdResolver(() -> {
			traceIdLookups.incrementAndGet();
			return "4bf92f3577b34da6a3ce929d0e0e4736";
		}));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		events.authenticationSucceeded(request, SecurityEvent.JWT, "alice");
		events.authenticationFailed(request, SecurityEvent.JWT, "expired", null);
		events.publish(new SecurityEvent(SecurityEventType.RATE_LIMITED, "alice", null, null, null, "p", null, null,
				null, null, null, null));
		assertThat(events.wants(SecurityEventType.AUTHENTICATION_SUCCESS, SecurityEvent.JWT)).isFalse();
		assertThat(seen).extracting(SecurityEvent::type, SecurityEvent::reason)
			.containsExactly(tuple(SecurityEventType.AUTHENTICATION_FAILURE, "expired"));
		// Nothing was built for the success or the rate limit: one trace id lookup, the
		// failure's.
		assertThat(traceIdLookups).hasValue(1);
	}

	@Test
	void springBootsSecurityAuditListenersGiveWayToTheStarters() {
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new).run((context) -> {
			assertThat(context).hasSingleBean(AbstractAuthenticationAuditListener.class)
				.hasSingleBean(AbstractAuthorizationAuditListener.class)
				.doesNotHaveBean(AuthorizationAuditListener.class);
			assertThat(context.getBean(AbstractAuthenticationAuditListener.class))
				.isInstanceOf(ApiSecAuthenticationAuditListener.class);
		});
	}

	@Test
	void authenticationsThatAreNotTheStartersAreStillAuditedBySpringBoot() {
		this.contextRunner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new).run((context) -> {
			context.publishEvent(new AuthenticationSuccessEvent(
					new TestingAuthenticationToken("form-user", "password", "ROLE_USER")));
			assertThat(context.getBean(AuditEventRepository.class).find("form-user", null, null))
				.extracting(AuditEvent::getType)
				.containsExactly(AuthenticationAuditListener.AUTHENTICATION_SUCCESS);
		});
	}

	@Test
	void applicationListenersAreToldOfEvents() {
		List<SecurityEvent> seen = new ArrayList<>();
		this.contextRunner.withBean("captured", SecurityEventListener.class, () -> seen::add).run((context) -> {
			context.getBean(SecurityEvents.class).apiKeyExpiring("key-1", Instant.EPOCH);
			assertThat(seen).extracting(SecurityEvent::type, SecurityEvent::principal)
				.containsExactly(tuple(SecurityEventType.API_KEY_EXPIRING, "key-1"));
		});
	}

	@Test
	void springSecuritysOwnObservationsAreOffByDefault() {
		this.contextRunner.run((context) -> {
			SecurityObservationSettings settings = context.getBean(SecurityObservationSettings.class);
			assertThat(settings.shouldObserveRequests()).isFalse();
			assertThat(settings.shouldObserveAuthentications()).isFalse();
			assertThat(settings.shouldObserveAuthorizations()).isFalse();
		});
	}

	@Test
	void springSecuritysOwnObservationsCanBeKept() {
		this.contextRunner.withPropertyValues("apisec.observations.spring-security=true")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityObservationSettings.class));
	}

	@Test
	void spansWithoutExporterAreLeftOutUnlessAsked() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(UnexportedSpans.class));
		this.contextRunner.withPropertyValues("apisec.observations.unexported-spans=true")
			.run((context) -> assertThat(context).doesNotHaveBean(UnexportedSpans.class));
	}

	@Test
	void applicationsObservationSettingsWin() {
		SecurityObservationSettings own = SecurityObservationSettings.withDefaults()
			.shouldObserveRequests(false)
			.build();
		this.contextRunner.withBean(SecurityObservationSettings.class, () -> own)
			.run((context) -> assertThat(context.getBean(SecurityObservationSettings.class)).isSameAs(own));
	}

	@Test
	void backsOffWhenTheApplicationDefinesSecurityEvents() {
		this.contextRunner.withBean(SecurityEvents.class, () -> SecurityEvents.NONE)
			.run((context) -> assertThat(context.getBean(SecurityEvents.class)).isSameAs(SecurityEvents.NONE));
	}

	@Test
	void backsOffWithoutTheActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AuditApplicationEvent.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityEvents.class));
	}

	@Test
	void backsOffWhenTheStarterIsOff() {
		this.contextRunner.withPropertyValues("apisec.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityEvents.class)
				.doesNotHaveBean(SecurityEventLogger.class));
	}

}
