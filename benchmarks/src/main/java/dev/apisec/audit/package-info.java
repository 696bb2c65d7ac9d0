/**
 * JMH benchmarks of the audit package: what the observations of the request path cost
 * with and without a registry that records them. They sit in the starter's package so
 * that they can drive its package-private classes directly.
 */
package dev.apisec.audit;
