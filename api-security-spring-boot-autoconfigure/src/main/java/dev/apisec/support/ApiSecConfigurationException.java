package dev.apisec.support;

/**
 * Thrown at startup when an {@code apisec.*} property holds a value the starter refuses.
 * Carries the property, what is wrong and how to fix it, so that
 * {@link ApiSecConfigurationFailureAnalyzer} can report all three.
 */
public class ApiSecConfigurationException extends RuntimeException {

	private final String property;

	private final String problem;

	private final String action;

	public ApiSecConfigurationException(String property, String problem, String action) {
		super("Invalid configuration property '" + property + "': " + problem);
		this.property = property;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Return the fully qualified name of the offending property, e.g.
	 * {@code apisec.jwt.issuers[0].audiences}.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with the configured value.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return how to fix the configuration.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
