package dev.apisec.support;

import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcome;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reads what {@code --debug} prints for the {@link ConditionalOnApiSecFeature} condition
 * of a configuration class.
 */
public final class FeatureConditions {

	private FeatureConditions() {
	}

	/**
	 * Return the message of the feature condition of a configuration class.
	 * @param context the context the class was evaluated in
	 * @param source the configuration class
	 * @return the condition's message
	 */
	public static String featureConditionMessage(ConfigurableApplicationContext context, Class<?> source) {
		ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
		for (ConditionAndOutcome outcome : report.getConditionAndOutcomesBySource().get(source.getName())) {
			if (outcome.getCondition() instanceof OnApiSecFeatureCondition) {
				return outcome.getOutcome().getMessage();
			}
		}
		throw new AssertionError("The feature condition of " + source.getName() + " was not evaluated");
	}

}
