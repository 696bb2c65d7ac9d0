/**
 * JMH benchmarks of JWT validation: {@code ApiSecJwtDecoder} decoding a reused token,
 * with and without the validated-token cache, and the JDK verifying the same signature
 * alone as a floor. They sit in the package of what they measure so that they build the
 * decoder through its package-private classes, the way the auto-configuration does.
 */
package dev.apisec.jwt;
