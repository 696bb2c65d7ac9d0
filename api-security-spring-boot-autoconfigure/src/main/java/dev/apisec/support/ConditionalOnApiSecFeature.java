package dev.apisec.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a feature that turns itself on once configured is on: when
 * {@code <prefix>.enabled} is {@code true}, or when it is unset and the list property
 * {@code <prefix>.<list>} has at least one element (mutual TLS with its clients, rate
 * limiting with its policies). {@code --debug} names the switch or the list that decided.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnApiSecFeatureCondition.class)
public @interface ConditionalOnApiSecFeature {

	/**
	 * Name of the feature in the condition's message, e.g. {@code mutual TLS}.
	 * @return the feature's name
	 */
	String name();

	/**
	 * Prefix of the feature's properties, e.g. {@code apisec.mtls}.
	 * @return the prefix, without a trailing dot
	 */
	String prefix();

	/**
	 * List property under the prefix whose elements turn the feature on when
	 * {@code <prefix>.enabled} is unset, e.g. {@code clients}.
	 * @return the list's name relative to the prefix
	 */
	String list();

	/**
	 * Type of the list's elements, the feature's own properties class for one element, so
	 * that the list is read as the feature reads it (an element with only unknown keys
	 * fails startup naming them).
	 * @return the element type
	 */
	Class<?> element();

}
