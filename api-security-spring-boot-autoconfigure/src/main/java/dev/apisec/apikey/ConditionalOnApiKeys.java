package dev.apisec.apikey;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when API keys are configured: {@code apisec.api-keys.keys} has elements,
 * {@code apisec.api-keys.store} is {@code jdbc}, or the application defines an
 * {@link ApiKeyStore}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnApiKeysCondition.class)
@interface ConditionalOnApiKeys {

}
