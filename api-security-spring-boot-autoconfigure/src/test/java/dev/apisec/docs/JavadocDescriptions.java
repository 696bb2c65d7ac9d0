package dev.apisec.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.StringUtils;

/**
 * Property descriptions read from the Javadoc of a properties class's source, the way the
 * configuration processor reads them: the field's comment, else the setter's.
 */
class JavadocDescriptions {

	private static final String JAVADOC = "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*";

	private final Path sourceRoot;

	JavadocDescriptions(Path sourceRoot) {
		this.sourceRoot = sourceRoot;
	}

	/**
	 * Return the description of a property of a class, or {@code null} if it has none.
	 * @param type the class declaring the property
	 * @param property the Java bean property name, e.g. "issuerUri"
	 * @return the one-line description or {@code null}
	 */
	String describe(Class<?> type, String property) {
		String body = classBody(type);
		String field = "private\\s+[^;={}()]*?\\b" + Pattern.quote(property) + "\\s*[;=]";
		String setter = "public\\s+void\\s+set" + Pattern.quote(StringUtils.capitalize(property)) + "\\s*\\(";
		String description = javadoc(body, field);
		return (description != null) ? description : javadoc(body, setter);
	}

	private String classBody(Class<?> type) {
		Class<?> topLevel = type;
		while (topLevel.getEnclosingClass() != null) {
			topLevel = topLevel.getEnclosingClass();
		}
		String source = read(this.sourceRoot.resolve(topLevel.getName().replace('.', '/') + ".java"));
		Matcher declaration = Pattern.compile("\\b(?:class|record|enum)\\s+" + type.getSimpleName() + "\\b")
			.matcher(source);
		if (!declaration.find()) {
			throw new IllegalStateException("No declaration of " + type.getName() + " in its source");
		}
		int open = source.indexOf('{', declaration.end());
		return source.substring(open, closingBrace(source, open) + 1);
	}

	// Skips comments and literals so that a brace inside them does not end the class.
	private static int closingBrace(String source, int open) {
		int depth = 0;
		for (int i = open; i < source.length(); i++) {
			char c = source.charAt(i);
			if (source.startsWith("/*", i)) {
				i = source.indexOf("*/", i + 2) + 1;
			}
			else if (source.startsWith("//", i)) {
				i = source.indexOf('\n', i);
			}
			else if (c == '"' || c == '\'') {
				i++;
				while (source.charAt(i) != c) {
					i += (source.charAt(i) == '\\') ? 2 : 1;
				}
			}
			else if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		throw new IllegalStateException("Unbalanced braces in source");
	}

	private static String javadoc(String body, String declaration) {
		Matcher matcher = Pattern.compile(JAVADOC + declaration, Pattern.DOTALL).matcher(body);
		return matcher.find() ? text(matcher.group(1)) : null;
	}

	// Block tags such as @param end the description.
	private static String text(String comment) {
		StringBuilder text = new StringBuilder();
		for (String line : comment.split("\n")) {
			line = line.strip().replaceFirst("^\\*+", "").strip();
			if (line.startsWith("@")) {
				break;
			}
			text.append(' ').append(line);
		}
		String description = text.toString().replaceAll("\\s+", " ").strip();
		return description.isEmpty() ? null : description;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
