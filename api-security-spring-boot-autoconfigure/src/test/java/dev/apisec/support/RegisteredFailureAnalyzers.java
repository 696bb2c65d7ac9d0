package dev.apisec.support;

import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * The failure analyzers registered in {@code META-INF/spring.factories}, ours and Spring
 * Boot's, loaded and consulted in order the way Spring Boot reports a startup failure.
 * Analyzers whose classes are not all on the test classpath are skipped, as Spring Boot
 * skips them.
 */
public final class RegisteredFailureAnalyzers {

	private static final Log logger = LogFactory.getLog(RegisteredFailureAnalyzers.class);

	private RegisteredFailureAnalyzers() {
	}

	/**
	 * Return the analyzers registered on the classpath, in order.
	 * @return the analyzers
	 */
	public static List<FailureAnalyzer> load() {
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		return SpringFactoriesLoader.forDefaultResourceLocation(RegisteredFailureAnalyzers.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments, FailureHandler.logging(logger));
	}

	/**
	 * Analyze a startup failure with the first registered analyzer that recognises it.
	 * @param failure the startup failure
	 * @return the analysis, or {@code null} when no analyzer recognises the failure
	 */
	public static FailureAnalysis analyze(Throwable failure) {
		return load().stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
