package dev.apisec.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code apisec.enabled} is {@code false}: the switch that turns the whole
 * starter off so that Spring Boot's own defaults apply again.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "apisec.enabled", matchIfMissing = true)
public @interface ConditionalOnApiSecEnabled {

}
