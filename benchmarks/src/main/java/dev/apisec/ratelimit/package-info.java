/**
 * JMH benchmarks of rate limiting on the in-memory and Redis backends, and a harness for
 * one hot key on Redis. They sit in the starter's package so that they can drive its
 * package-private classes directly.
 */
package dev.apisec.ratelimit;
