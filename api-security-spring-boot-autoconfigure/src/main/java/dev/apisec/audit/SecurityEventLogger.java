package dev.apisec.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes each security event to the logger {@value #LOGGER}: a readable message, and the
 * same values as SLF4J key-value pairs under {@code apisec.*}, which Spring Boot's
 * structured logging (ECS, Logstash, GELF) writes as JSON fields. Successes are logged at
 * DEBUG (one per request), failures, denials and rate limiting at INFO, expired or
 * expiring keys and open circuits at WARN. The trace and span ids come from the MDC when
 * tracing puts them there; the event's own trace id is always in {@code apisec.traceId}.
 */
class SecurityEventLogger implements SecurityEventListener {

	/** Name of the audit logger. */
	static final String LOGGER = "dev.apisec.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	@Override
	public boolean supports(SecurityEventType type, String method) {
		return logger.isEnabledForLevel(level(type));
	}

	@Override
	public void onSecurityEvent(SecurityEvent event) {
		Level level = level(event.type());
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		// Prefixed keys: Spring Boot's ECS format nests dotted keys and refuses a key
		// that the MDC already has (such as traceId), which would lose the whole line.
		LoggingEventBuilder builder = logger.atLevel(level)
			.setMessage(message(event))
			.addKeyValue("apisec.event", event.type().name())
			.addKeyValue("apisec.principal", event.principal());
		event.data().forEach((name, value) -> builder.addKeyValue("apisec." + name, value));
		builder.log();
	}

	private static Level level(SecurityEventType type) {
		return switch (type) {
			case AUTHENTICATION_SUCCESS -> Level.DEBUG;
			case AUTHENTICATION_FAILURE, AUTHORIZATION_FAILURE, RATE_LIMITED -> Level.INFO;
			case API_KEY_EXPIRED, API_KEY_EXPIRING, CIRCUIT_OPENED -> Level.WARN;
		};
	}

	static String message(SecurityEvent event) {
		StringBuilder message = new StringBuilder(160).append(event.type().name());
		append(message, "principal", event.principal());
		append(message, "method", event.method());
		append(message, "reason", event.reason());
		append(message, "rule", event.rule());
		append(message, "policy", event.policy());
		append(message, "client", event.client());
		append(message, "clientAddress", event.clientAddress());
		if (event.httpMethod() != null) {
			message.append(' ').append(event.httpMethod()).append(' ').append(event.path());
		}
		append(message, "expiresAt", (event.expiresAt() != null) ? event.expiresAt().toString() : null);
		// Without tracing the MDC has no trace id: the message then carries the event's
		// own.
		if (MDC.get("traceId") == null) {
			append(message, "traceId", event.traceId());
		}
		return message.toString();
	}

	private static void append(StringBuilder message, String name, String value) {
		if (value != null) {
			message.append(' ').append(name).append('=').append(value);
		}
	}

}
