package dev.apisec.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/reference/properties.md in step with the properties classes, and every
 * property documented.
 */
class PropertyReferenceTests {

	private final PropertyReferenceGenerator generator = PropertyReferenceGenerator
		.forCompiledMetadata(Path.of("src/main/java"));

	@Test
	void propertyReferenceIsUpToDate() throws IOException {
		Path reference = Path.of(System.getProperty("apisec.docs.dir", "../docs"), "reference", "properties.md");
		String rendered = this.generator.render();
		if (Boolean.getBoolean("apisec.docs.update")) {
			Files.createDirectories(reference.getParent());
			Files.writeString(reference, rendered);
			return;
		}
		assertThat(reference)
			.as("%s is missing; generate it with %s", reference, PropertyReferenceGenerator.REGENERATE_COMMAND)
			.exists();
		// Normalized so that a checkout with Windows line endings is not reported as
		// stale.
		String current = Files.readString(reference).replace("\r\n", "\n");
		assertThat(current)
			.withFailMessage(() -> String.format("%s is stale from line %d; regenerate it with %s", reference,
					firstDifferentLine(current, rendered), PropertyReferenceGenerator.REGENERATE_COMMAND))
			.isEqualTo(rendered);
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(this.generator.properties()).filteredOn((property) -> !StringUtils.hasText(property.description()))
			.extracting(ReferenceProperty::name)
			.as("Properties without a description; add a one-line Javadoc to their field")
			.isEmpty();
	}

	private static int firstDifferentLine(String actual, String expected) {
		List<String> actualLines = actual.lines().toList();
		List<String> expectedLines = expected.lines().toList();
		int line = 0;
		while (line < Math.min(actualLines.size(), expectedLines.size())
				&& actualLines.get(line).equals(expectedLines.get(line))) {
			line++;
		}
		return line + 1;
	}

}
