package dev.apisec.authorization;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.security.web.UnreachableFilterChainException;

/**
 * Explains the startup failure when an application's own catch-all
 * {@code SecurityFilterChain} meets the starter's, which also matches every request.
 */
class UnreachableFilterChainFailureAnalyzer extends AbstractFailureAnalyzer<UnreachableFilterChainException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnreachableFilterChainException cause) {
		String description = "Two SecurityFilterChain beans match every request, so one of them could never run: "
				+ cause.getMessage()
				+ ". The API security starter's chain 'apisecSecurityFilterChain' matches every request and is "
				+ "ordered last.";
		String action = "Give your SecurityFilterChain a securityMatcher(...) for the paths it owns, so that the "
				+ "starter's chain handles the rest; or replace the starter's chain by naming your bean "
				+ "'apisecSecurityFilterChain'; or turn the starter off with apisec.enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
