package dev.apisec.support;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link ApiSecConfigurationException} into a startup report that names the
 * property, the problem and the fix.
 */
class ApiSecConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ApiSecConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ApiSecConfigurationException cause) {
		String description = "The configuration property '" + cause.getProperty() + "' is invalid: "
				+ cause.getProblem();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
