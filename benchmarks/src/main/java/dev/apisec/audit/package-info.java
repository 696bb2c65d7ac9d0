/**
 * JMH benchmark of the starter's Micrometer observations: what starting and ending an
 * {@code apisec.authentication} observation costs a request with no registry, with a
 * registry without handlers and with one empty handler. Like the other JMH benchmarks, it
 * sits in the package of what it measures; the build compiles it and it is run by hand.
 */
package dev.apisec.audit;
