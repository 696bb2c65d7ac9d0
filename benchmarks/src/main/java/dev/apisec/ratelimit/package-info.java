/**
 * JMH benchmarks of one rate-limit decision of the memory and the Redis backend, the
 * latter against a real Redis, and {@code RedisHotKeyHarness}, which releases 400
 * decisions at once on one client key and checks that batching admits exactly the
 * capacity. They sit in the package of what they measure so that they build the policies
 * through their package-private constructors.
 */
package dev.apisec.ratelimit;
