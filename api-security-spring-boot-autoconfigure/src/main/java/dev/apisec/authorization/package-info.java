/**
 * The starter's {@code SecurityFilterChain} from {@code apisec.authorization.*}:
 * stateless bearer-token authentication, actuator access, ordered path rules (roles
 * through the role hierarchy, scopes, claim conditions, expressions) where the first
 * match decides, default deny, and problem responses for 401, 403 and 503. Other features
 * put their filters into the chain through {@code ApiSecHttpSecurityCustomizer} beans,
 * and an authentication of the application's own makes its attributes available to rules
 * by implementing {@code AttributedAuthentication}.
 */
package dev.apisec.authorization;
