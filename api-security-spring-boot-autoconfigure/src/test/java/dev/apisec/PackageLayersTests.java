package dev.apisec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of the starter are layers that only look down: a package may use the
 * packages ranked at or below its own, never one above. The order is the request's way
 * through the starter, with the event API under the features that publish events (see
 * docs/decisions.md, "Package layers"). Imports, static imports and fully qualified names
 * in code count; comments and string literals do not. A package that is not ranked fails
 * the check, so that a new package is given its place.
 */
class PackageLayersTests {

	/** The packages under {@code dev.apisec}, lowest first. */
	static final List<String> LAYERS = List.of("support", "web", "audit", "jwt", "resource", "authorization", "apikey",
			"mtls", "ratelimit", "client", "actuate");

	private static final String ROOT = "dev.apisec";

	private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+dev\\s*\\.\\s*apisec\\s*\\.\\s*(\\w+)");

	private static final Pattern REFERENCE = Pattern
		.compile("\\bdev\\s*\\.\\s*apisec\\s*\\.\\s*(\\w+)((?:\\s*\\.\\s*(?:\\w+|\\*))*)");

	private static final Path MAIN_SOURCES = Path.of("src", "main", "java");

	@Test
	void noPackageUsesAPackageAboveIt() throws IOException {
		assertThat(violations(MAIN_SOURCES)).isEmpty();
	}

	@Test
	void everyRankedPackageExists() throws IOException {
		Set<String> packages = new TreeSet<>();
		for (Path file : sources(MAIN_SOURCES)) {
			Matcher declaration = PACKAGE.matcher(code(Files.readString(file, StandardCharsets.UTF_8)));
			if (declaration.find()) {
				packages.add(declaration.group(1));
			}
		}
		assertThat(packages).as("packages under %s in %s", ROOT, MAIN_SOURCES.toAbsolutePath())
			.containsExactlyInAnyOrderElementsOf(LAYERS);
	}

	@Test
	void anUpwardImportIsReportedWithFileImportAndRule(@TempDir Path root) throws IOException {
		write(root, "audit/Listener.java", """
				package dev.apisec.audit;

				import dev.apisec.web.ClientAddressResolver;
				import dev.apisec.apikey.ApiKeyAuthentication;

				class Listener {
				}
				""");
		assertThat(violations(root)).singleElement()
			.asString()
			.contains("dev/apisec/audit/Listener.java:4")
			.contains("import dev.apisec.apikey.ApiKeyAuthentication")
			.contains("audit may use only support, web, audit");
	}

	@Test
	void upwardStaticImportsAndQualifiedNamesInCodeAreReported(@TempDir Path root) throws IOException {
		write(root, "jwt/Keys.java", """
				package dev.apisec.jwt;

				import static dev.apisec.ratelimit.RateLimitPolicies.from;

				class Keys {

					Object policies = new dev.apisec.ratelimit
						.RateLimitPolicies(java.util.List.of());

				}
				""");
		assertThat(violations(root)).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).contains("Keys.java:3")
				.contains("static import dev.apisec.ratelimit.RateLimitPolicies.from"))
			.anySatisfy((violation) -> assertThat(violation).contains("Keys.java:7")
				.contains("reference dev.apisec.ratelimit.RateLimitPolicies"));
	}

	@Test
	void commentsAndStringsAreNotReferences(@TempDir Path root) throws IOException {
		write(root, "support/Names.java", """
				package dev.apisec.support;

				/**
				 * Not {@link dev.apisec.actuate.ApiSecEndpoint}, only its name.
				 */
				class Names {

					// dev.apisec.client.ApiSecClients
					String logger = "dev.apisec.client.\\"quoted\\"";

					String block = \"""
							dev.apisec.mtls
							\""";

					char quote = '"';

					/* dev.apisec.jwt */ String jwt = "jwt";

				}
				""");
		assertThat(violations(root)).isEmpty();
	}

	@Test
	void packagesThatAreNotRankedAreReported(@TempDir Path root) throws IOException {
		write(root, "graphql/Schema.java", """
				package dev.apisec.graphql;

				class Schema {
				}
				""");
		write(root, "web/Headers.java", """
				package dev.apisec.web;

				import dev.apisec.grpc.Metadata;

				class Headers {
				}
				""");
		assertThat(violations(root)).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).contains("Schema.java")
				.contains("package dev.apisec.graphql is not ranked"))
			.anySatisfy((violation) -> assertThat(violation).contains("Headers.java:3")
				.contains("dev.apisec.grpc is not ranked"));
	}

	/**
	 * Return every use of a package above the using one, and every package that is not
	 * ranked, one line each naming the file, the line, the reference and the rule.
	 */
	static List<String> violations(Path sourceRoot) throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : sources(sourceRoot)) {
			String name = sourceRoot.relativize(file).toString().replace('\\', '/');
			String code = code(Files.readString(file, StandardCharsets.UTF_8));
			Matcher declaration = PACKAGE.matcher(code);
			if (!declaration.find()) {
				continue;
			}
			String own = declaration.group(1);
			int rank = LAYERS.indexOf(own);
			if (rank < 0) {
				violations.add(name + ": package " + ROOT + "." + own + " is not ranked; give it its place in "
						+ "PackageLayersTests.LAYERS " + LAYERS);
				continue;
			}
			Matcher reference = REFERENCE.matcher(code);
			while (reference.find()) {
				if (reference.start() < declaration.end()) {
					// The package declaration itself.
					continue;
				}
				String used = reference.group(1);
				int usedRank = LAYERS.indexOf(used);
				String text = kind(code, reference.start()) + " " + ROOT + "." + used
						+ reference.group(2).replaceAll("\\s", "");
				String location = name + ":" + line(code, reference.start());
				if (usedRank < 0) {
					violations.add(location + ": " + text + ": " + ROOT + "." + used + " is not ranked; give it "
							+ "its place in PackageLayersTests.LAYERS " + LAYERS);
				}
				else if (usedRank > rank) {
					violations.add(location + ": " + text + ": " + own + " may use only "
							+ String.join(", ", LAYERS.subList(0, rank + 1)) + " (layers, lowest first: "
							+ String.join(" < ", LAYERS) + ")");
				}
			}
		}
		return violations;
	}

	private static List<Path> sources(Path sourceRoot) throws IOException {
		Path packages = sourceRoot.resolve(ROOT.replace('.', '/'));
		assertThat(packages).as("sources of %s", ROOT).isDirectory();
		try (Stream<Path> files = Files.walk(packages)) {
			return files.filter((file) -> file.toString().endsWith(".java")).sorted().toList();
		}
	}

	private static String kind(String code, int position) {
		int lineStart = code.lastIndexOf('\n', position - 1) + 1;
		String before = code.substring(lineStart, position).strip();
		if (before.matches("import\\s+static")) {
			return "static import";
		}
		return before.equals("import") ? "import" : "reference";
	}

	private static int line(String code, int position) {
		int line = 1;
		for (int i = 0; i < position; i++) {
			if (code.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	/**
	 * Return the source with comments and string and character literals blanked out, line
	 * breaks kept, so that what is left is code and positions keep their lines.
	 */
	static String code(String source) {
		StringBuilder code = new StringBuilder(source.length());
		int i = 0;
		while (i < source.length()) {
			int end;
			if (source.startsWith("//", i)) {
				end = source.indexOf('\n', i);
				end = (end < 0) ? source.length() : end;
			}
			else if (source.startsWith("/*", i)) {
				end = source.indexOf("*/", i + 2);
				end = (end < 0) ? source.length() : end + 2;
			}
			else if (source.startsWith("\"\"\"", i)) {
				end = literalEnd(source, i + 3, "\"\"\"");
			}
			else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
				end = literalEnd(source, i + 1, String.valueOf(source.charAt(i)));
			}
			else {
				code.append(source.charAt(i++));
				continue;
			}
			for (; i < end; i++) {
				code.append((source.charAt(i) == '\n') ? '\n' : ' ');
			}
		}
		return code.toString();
	}

	private static int literalEnd(String source, int from, String delimiter) {
		int i = from;
		while (i < source.length()) {
			if (source.charAt(i) == '\\') {
				i += 2;
			}
			else if (source.startsWith(delimiter, i)) {
				return i + delimiter.length();
			}
			else {
				i++;
			}
		}
		return source.length();
	}

	private static void write(Path root, String file, String content) throws IOException {
		Path path = root.resolve(ROOT.replace('.', '/')).resolve(file);
		Files.createDirectories(path.getParent());
		Files.writeString(path, content, StandardCharsets.UTF_8);
	}

}
