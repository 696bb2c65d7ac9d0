package dev.apisec;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.apisec.support.ConditionalOnApiSecEnabled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public top-level types of the starter are exactly those docs/decisions.md lists
 * under "Supported extension points (issue 17)": a type does not become public, or stop
 * being so, without the list saying it.
 */
class PublicApiTests {

	private static final String SECTION = "## Supported extension points (issue 17)";

	private static final Pattern ENTRY = Pattern.compile("^- `(dev\\.apisec\\.[\\w.]+)`:", Pattern.MULTILINE);

	@Test
	void publicTypesAreTheDocumentedOnes() throws Exception {
		Path decisions = Path.of(System.getProperty("apisec.docs.dir", "../docs"), "decisions.md");
		Set<String> documented = documented(decisions);
		Set<String> compiled = publicTopLevelTypes();
		Set<String> undocumented = new TreeSet<>(compiled);
		undocumented.removeAll(documented);
		Set<String> notPublic = new TreeSet<>(documented);
		notPublic.removeAll(compiled);
		assertThat(undocumented)
			.as("public types missing from '%s' in %s: list each with why it is public, or make "
					+ "it package-private", SECTION, decisions)
			.isEmpty();
		assertThat(notPublic)
			.as("types listed in '%s' of %s that are not public top-level types: remove them", SECTION, decisions)
			.isEmpty();
	}

	@Test
	void theListIsReadFromItsSection() throws Exception {
		Set<String> documented = documented(Path.of(System.getProperty("apisec.docs.dir", "../docs"), "decisions.md"));
		assertThat(documented).contains("dev.apisec.web.ProblemType", "dev.apisec.support.ApiSecFilterOrder")
			.doesNotContain("dev.apisec.apikey.ApiKeyVerifier")
			.hasSizeGreaterThan(50);
	}

	private static Set<String> documented(Path decisions) throws IOException {
		String text = Files.readString(decisions);
		int start = text.indexOf(SECTION);
		assertThat(start).as("section '%s' in %s", SECTION, decisions).isNotNegative();
		int end = text.indexOf("\n## ", start + SECTION.length());
		Matcher entries = ENTRY.matcher(text.substring(start, (end < 0) ? text.length() : end));
		return entries.results().map((entry) -> entry.group(1)).collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> publicTopLevelTypes() throws IOException, URISyntaxException {
		Path classes = Path
			.of(ConditionalOnApiSecEnabled.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(classes.resolve("dev/apisec"))) {
			return files.map((file) -> classes.relativize(file).toString().replace('\\', '/'))
				.filter((name) -> name.endsWith(".class") && !name.contains("$")
						&& !name.endsWith("package-info.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.filter(PublicApiTests::isPublic)
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static boolean isPublic(String className) {
		try {
			return Modifier
				.isPublic(Class.forName(className, false, PublicApiTests.class.getClassLoader()).getModifiers());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
