package dev.apisec.docs;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the properties inside the elements of list and map properties, which the
 * configuration processor leaves out of the metadata: "apisec.jwt.issuers" yields
 * "apisec.jwt.issuers[].issuer-uri", "apisec.jwt.issuers[].roles.claims" and so on.
 */
class NestedPropertyExpander {

	private static final Pattern CONTAINER_TYPE = Pattern
		.compile("java\\.util\\.(List|Map)<(?:java\\.lang\\.String,\\s*)?(dev\\.apisec\\.[\\w.$]+)>");

	private final JavadocDescriptions descriptions;

	private final ClassLoader classLoader;

	NestedPropertyExpander(JavadocDescriptions descriptions, ClassLoader classLoader) {
		this.descriptions = descriptions;
		this.classLoader = classLoader;
	}

	/**
	 * Return the properties of the elements of a property, or an empty list when its type
	 * is not a list or a string-keyed map of one of the starter's classes.
	 * @param name the property name, e.g. "apisec.jwt.issuers"
	 * @param type the property type as written in configuration metadata
	 * @return the element properties, with defaults read from a fresh element
	 */
	List<ReferenceProperty> expand(String name, String type) {
		Matcher container = CONTAINER_TYPE.matcher(type);
		if (!container.matches()) {
			return List.of();
		}
		String prefix = name + (container.group(1).equals("List") ? "[]" : ".*");
		Class<?> elementType = ClassUtils.resolveClassName(container.group(2), this.classLoader);
		List<ReferenceProperty> properties = new ArrayList<>();
		addProperties(prefix, BeanUtils.instantiateClass(elementType), properties);
		return properties;
	}

	private void addProperties(String prefix, Object bean, List<ReferenceProperty> properties) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean.getClass())) {
			Method getter = descriptor.getReadMethod();
			Method setter = descriptor.getWriteMethod();
			Method accessor = (getter != null) ? getter : setter;
			if (accessor.getDeclaringClass() == Object.class) {
				continue;
			}
			String name = prefix + "." + dashed(descriptor.getName());
			Object value = (getter != null) ? ReflectionUtils.invokeMethod(getter, bean) : null;
			// Like the binder, a getter without a setter exposes a nested object to bind
			// into.
			if (setter == null && isNestedObject(getter.getReturnType())) {
				Object nested = (value != null) ? value : BeanUtils.instantiateClass(getter.getReturnType());
				addProperties(name, nested, properties);
				continue;
			}
			Type type = (getter != null) ? getter.getGenericReturnType() : setter.getGenericParameterTypes()[0];
			String typeName = typeName(type);
			String description = this.descriptions.describe(accessor.getDeclaringClass(), descriptor.getName());
			properties.add(new ReferenceProperty(prefix, name, typeName, ValueFormatter.format(value), description));
			properties.addAll(expand(name, typeName));
		}
	}

	private static boolean isNestedObject(Class<?> type) {
		return !BeanUtils.isSimpleProperty(type) && !type.getName().startsWith("java.");
	}

	private static String typeName(Type type) {
		return (type instanceof Class<?> rawType) ? ClassUtils.resolvePrimitiveIfNecessary(rawType).getName()
				: type.getTypeName();
	}

	private static String dashed(String name) {
		return name.replaceAll("([^A-Z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
