/**
 * JMH benchmarks of the starter's authorization: one request against 10, 100 or 1000 path
 * rules through {@code RuleIndex} and, for comparison, one matcher per rule tried in
 * order, and the cost of claim conditions and expressions. They sit in the package of
 * what they measure so that they build the rules through its package-private classes, as
 * the starter's chain does.
 */
package dev.apisec.authorization;
