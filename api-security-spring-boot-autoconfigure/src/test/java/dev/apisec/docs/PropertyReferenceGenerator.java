package dev.apisec.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * Renders the configuration property reference, docs/reference/properties.md, from the
 * configuration metadata and the properties classes.
 */
class PropertyReferenceGenerator {

	static final String REGENERATE_COMMAND = "./mvnw -pl api-security-spring-boot-autoconfigure test"
			+ " -Dtest=PropertyReferenceTests -Dapisec.docs.update=true";

	private final JsonNode metadata;

	private final NestedPropertyExpander expander;

	private final ClassLoader classLoader;

	PropertyReferenceGenerator(JsonNode metadata, Path sourceRoot, ClassLoader classLoader) {
		this.metadata = metadata;
		this.expander = new NestedPropertyExpander(new JavadocDescriptions(sourceRoot), classLoader);
		this.classLoader = classLoader;
	}

	/**
	 * Create a generator for the metadata that the configuration processor wrote to
	 * target/classes.
	 * @param sourceRoot the directory holding the properties classes' sources
	 * @return the generator
	 */
	static PropertyReferenceGenerator forCompiledMetadata(Path sourceRoot) {
		ClassLoader classLoader = PropertyReferenceGenerator.class.getClassLoader();
		ClassPathResource resource = new ClassPathResource("META-INF/spring-configuration-metadata.json", classLoader);
		try (InputStream content = resource.getInputStream()) {
			return new PropertyReferenceGenerator(new ObjectMapper().readTree(content), sourceRoot, classLoader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return every property: those in the metadata, then those inside their elements.
	 * @return the properties
	 */
	List<ReferenceProperty> properties() {
		List<String> groups = this.metadata.path("groups").findValuesAsText("name");
		List<ReferenceProperty> properties = new ArrayList<>();
		for (JsonNode property : this.metadata.path("properties")) {
			String name = property.path("name").asText();
			String type = property.path("type").asText();
			properties.add(new ReferenceProperty(group(name, groups), name, type,
					defaultValue(property.path("defaultValue")), property.path("description").textValue()));
			properties.addAll(this.expander.expand(name, type));
		}
		return properties;
	}

	/**
	 * Render the reference as Markdown: one table per group, properties sorted by name.
	 * @return the Markdown text
	 */
	String render() {
		Map<String, List<ReferenceProperty>> tables = properties().stream()
			.sorted(Comparator.comparing(ReferenceProperty::name))
			.collect(Collectors.groupingBy(ReferenceProperty::group, TreeMap::new, Collectors.toList()));
		StringBuilder markdown = new StringBuilder("# Configuration properties\n\n");
		markdown.append("This page is generated from the configuration metadata and the Javadoc of the properties")
			.append(" classes; regenerate it with `")
			.append(REGENERATE_COMMAND)
			.append("`.\n");
		tables.forEach((group, properties) -> {
			markdown.append("\n## ").append(group).append("\n\n");
			markdown.append("| Property | Type | Default | Description |\n");
			markdown.append("|---|---|---|---|\n");
			for (ReferenceProperty property : properties) {
				markdown.append("| ")
					.append(code(property.name()))
					.append(" | ")
					.append(type(property.type()))
					.append(" | ")
					.append(code(property.defaultValue()))
					.append(" | ")
					.append(cell(property.description()))
					.append(" |\n");
			}
		});
		return markdown.toString();
	}

	// Properties outside any group, such as apisec.enabled, get a table of their own.
	private static String group(String name, List<String> groups) {
		return groups.stream()
			.filter((group) -> name.startsWith(group + "."))
			.max(Comparator.comparingInt(String::length))
			.orElse(name);
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> values = new ArrayList<>();
			value.forEach((element) -> values.add(element.asText()));
			return String.join(", ", values);
		}
		return value.asText();
	}

	private String type(String type) {
		if (!type.contains("<") && ClassUtils.isPresent(type, this.classLoader)) {
			Class<?> rawType = ClassUtils.resolveClassName(type, this.classLoader);
			if (rawType.isEnum()) {
				return Arrays.stream(rawType.getEnumConstants())
					.map((constant) -> code(ValueFormatter.format(constant)))
					.collect(Collectors.joining(", "));
			}
		}
		return code(type.replaceAll("\\b(?:[a-z]\\w*\\.)+", "").replace('$', '.').replaceAll(",\\s*", ", "));
	}

	private static String code(String text) {
		return (text == null || text.isEmpty()) ? "" : "`" + cell(text) + "`";
	}

	private static String cell(String text) {
		return (text != null) ? text.replace("|", "\\|") : "";
	}

}
