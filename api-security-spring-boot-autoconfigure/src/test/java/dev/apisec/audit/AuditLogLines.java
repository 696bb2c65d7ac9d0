package dev.apisec.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECS JSON lines of the audit logger in captured console output, parsed with Jackson.
 */
final class AuditLogLines {

	private static final ObjectMapper json = new ObjectMapper();

	private final List<JsonNode> lines;

	private AuditLogLines(List<JsonNode> lines) {
		this.lines = lines;
	}

	/**
	 * For a test class whose context logs as ECS JSON: lets that context initialize
	 * logging from its own properties, and puts Spring Boot's defaults back when the
	 * class is done.
	 */
	static final class EcsLogging implements BeforeAllCallback, AfterAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) {
			initializeLoggingWithTheNextContext();
		}

		@Override
		public void afterAll(ExtensionContext context) {
			restoreDefaultLogging();
		}

	}

	/**
	 * Let the next application context initialize logging from its own properties, such
	 * as {@code logging.structured.format.console}: Spring Boot initializes it once and
	 * keeps it while earlier test contexts stay cached. Call it before the context
	 * starts.
	 */
	private static void initializeLoggingWithTheNextContext() {
		LoggingSystem.get(AuditLogLines.class.getClassLoader()).cleanUp();
	}

	/**
	 * Put logging back to Spring Boot's defaults (plain console lines, INFO) once a class
	 * that switched to ECS and DEBUG is done: otherwise the application contexts that
	 * later classes reuse, or start, would keep logging as this one did.
	 */
	private static void restoreDefaultLogging() {
		// Spring Boot copies the format into a system property, which the default
		// configuration would read again.
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
		LoggingSystem system = LoggingSystem.get(AuditLogLines.class.getClassLoader());
		system.cleanUp();
		system.beforeInitialize();
		system.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	/**
	 * Parse every JSON line of the output and keep those of the audit logger.
	 * @param output the captured console output
	 * @return the audit lines
	 */
	static AuditLogLines of(String output) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : output.split("\\R")) {
			if (line.startsWith("{")) {
				JsonNode node = parse(line);
				if (SecurityEventLogger.LOGGER.equals(node.path("log").path("logger").asText())) {
					lines.add(node);
				}
			}
		}
		return new AuditLogLines(lines);
	}

	private static JsonNode parse(String line) {
		try {
			return json.readTree(line);
		}
		catch (Exception ex) {
			throw new AssertionError("Not a JSON log line: " + line, ex);
		}
	}

	/**
	 * Return the one line of an event whose trace id is the given one.
	 * @param type the event type
	 * @param traceId the trace id of the request
	 * @return the line's {@code apisec} object
	 */
	JsonNode event(String type, String traceId) {
		List<JsonNode> found = matching((line) -> type.equals(line.path("apisec").path("event").asText())
				&& traceId.equals(line.path("apisec").path("traceId").asText()));
		assertThat(found).as("%s lines with trace id %s among %s", type, traceId, this.lines).hasSize(1);
		return found.get(0);
	}

	List<JsonNode> matching(Predicate<JsonNode> predicate) {
		return this.lines.stream().filter(predicate).toList();
	}

}
