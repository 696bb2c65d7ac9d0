/**
 * JMH benchmarks of authorization: rule matching, attribute rules and the fresh-token
 * path (decode, authorize, rate limit) through a chain built as the starter builds it.
 * They sit in the starter's package so that they can drive its package-private classes
 * directly.
 */
package dev.apisec.authorization;
