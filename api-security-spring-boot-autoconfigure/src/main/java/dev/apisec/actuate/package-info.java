/**
 * Actuator support that spans the features: the {@code apisec} endpoint, which shows the
 * effective security configuration and never a secret, the {@code jwks} health indicator,
 * the authentication, authorization and JWT counters, and problem responses for the
 * actuator's empty error responses. It reads the beans of the feature packages and
 * applies only with Spring Boot's actuator on the classpath; no feature depends on it,
 * and a feature's own health indicator or metrics stay in that feature's package.
 */
package dev.apisec.actuate;
