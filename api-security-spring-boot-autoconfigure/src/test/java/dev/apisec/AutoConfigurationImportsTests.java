package dev.apisec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the registration files under META-INF against the classes they name.
 */
class AutoConfigurationImportsTests {

	private static final String IMPORTS = "META-INF/spring/" + AutoConfiguration.class.getName() + ".imports";

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void importsNameExistingAutoConfigurationsInOrder() throws IOException {
		List<String> imports = new ClassPathResource(IMPORTS).getContentAsString(StandardCharsets.UTF_8)
			.lines()
			.map((line) -> line.replaceFirst("#.*", "").strip())
			.filter((line) -> !line.isEmpty())
			.toList();
		assertThat(imports).isNotEmpty().allMatch((name) -> name.startsWith("dev.apisec.")).isSorted();
		assertThat(imports).filteredOn((name) -> !ClassUtils.isPresent(name, this.classLoader))
			.as("Imported classes that do not exist")
			.isEmpty();
		assertThat(imports).filteredOn((name) -> !isAutoConfiguration(name))
			.as("Imported classes not annotated with @AutoConfiguration")
			.isEmpty();
	}

	@Test
	void failureAnalyzersLoadByName() throws IOException {
		Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
		String[] analyzers = StringUtils
			.commaDelimitedListToStringArray(factories.getProperty(FailureAnalyzer.class.getName()));
		assertThat(analyzers).isNotEmpty().allMatch((name) -> name.strip().startsWith("dev.apisec."));
		for (String name : analyzers) {
			assertThat(ClassUtils.resolveClassName(name.strip(), this.classLoader))
				.isAssignableTo(FailureAnalyzer.class);
		}
	}

	private boolean isAutoConfiguration(String name) {
		return ClassUtils.isPresent(name, this.classLoader)
				&& MergedAnnotations.from(ClassUtils.resolveClassName(name, this.classLoader))
					.isPresent(AutoConfiguration.class);
	}

}
