package dev.apisec.support;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that a context failed to start on an {@link ApiSecConfigurationException} for the
 * given property, and that the registered failure analyzers report its problem and fix.
 */
public final class ConfigurationFailures {

	private ConfigurationFailures() {
	}

	public static void assertConfigurationFailure(ApplicationContextAssertProvider<?> context, String property,
			String problem, String action) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOfSatisfying(ApiSecConfigurationException.class, (ex) -> {
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(ex.getProblem()).contains(problem);
			assertThat(ex.getAction()).contains(action);
		});
		FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The configuration property '" + property + "' is invalid: ")
			.contains(problem);
		assertThat(analysis.getAction()).contains(action);
	}

}
