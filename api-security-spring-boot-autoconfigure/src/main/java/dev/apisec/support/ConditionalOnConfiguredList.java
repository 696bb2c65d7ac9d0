package dev.apisec.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the list property (e.g. {@code apisec.ip-rules}) has at least one element,
 * however it is written (YAML list, indexed properties, environment variables).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnConfiguredListCondition.class)
public @interface ConditionalOnConfiguredList {

	/**
	 * The list property.
	 * @return the property name
	 */
	String value();

}
