package dev.apisec.support;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiSecConfigurationFailureAnalyzer}.
 */
class ApiSecConfigurationFailureAnalyzerTests {

	private final ApiSecConfigurationFailureAnalyzer analyzer = new ApiSecConfigurationFailureAnalyzer();

	@Test
	void analysisNamesThePropertyTheProblemAndTheFix() {
		ApiSecConfigurationException cause = new ApiSecConfigurationException("apisec.jwt.issuers[0].audiences",
				"the issuer has no audiences", "Set apisec.jwt.issuers[0].audiences.");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("apisecTrustedIssuers", "Failed to instantiate", cause));
		assertThat(analysis.getDescription())
			.isEqualTo("The configuration property 'apisec.jwt.issuers[0].audiences' is invalid: "
					+ "the issuer has no audiences");
		assertThat(analysis.getAction()).isEqualTo("Set apisec.jwt.issuers[0].audiences.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		assertThat(RegisteredFailureAnalyzers.load())
			.hasAtLeastOneElementOfType(ApiSecConfigurationFailureAnalyzer.class);
	}

	@Test
	void registeredAnalyzersReportStartupFailuresWithTheStarterAnalysis() {
		ApiSecConfigurationException cause = new ApiSecConfigurationException("apisec.jwt.clock-skew", "negative",
				"Set a positive skew.");
		FailureAnalysis analysis = RegisteredFailureAnalyzers
			.analyze(new BeanCreationException("apisecTrustedIssuers", "Failed to instantiate", cause));
		assertThat(analysis.getDescription())
			.isEqualTo("The configuration property 'apisec.jwt.clock-skew' is invalid: negative");
		assertThat(analysis.getAction()).isEqualTo("Set a positive skew.");
	}

}
