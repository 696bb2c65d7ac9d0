package dev.apisec.support;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that a context failed to start on an {@link ApiSecConfigurationException} for
 * the given property, and that the registered failure analyzers report its problem and
 * fix.
 */
public final class ConfigurationFailures {

	private ConfigurationFailures() {
	}

	public static void assertConfigurationFailure(ApplicationContextAssertProvider<?> context, String property,
			String problem, String action) {
		assertConfigurationFailure(context, property, problem);
		assertThat(((ApiSecConfigurationException) rootCause(context.getStartupFailure())).getAction())
			.contains(action);
		assertThat(RegisteredFailureAnalyzers.analyze(context.getStartupFailure()).getAction()).contains(action);
	}

	/**
	 * Like the four-argument variant, without checking the action's wording.
	 * @param context the context
	 * @param property the property the failure must name
	 * @param problem text the problem must contain
	 */
	public static void assertConfigurationFailure(ApplicationContextAssertProvider<?> context, String property,
			String problem) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOfSatisfying(ApiSecConfigurationException.class, (ex) -> {
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(ex.getProblem()).contains(problem);
		});
		FailureAnalysis analysis = RegisteredFailureAnalyzers.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The configuration property '" + property + "' is invalid: ")
			.contains(problem);
		assertThat(analysis.getAction()).isNotBlank();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
