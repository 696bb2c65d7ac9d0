/**
 * JMH benchmarks of JWT validation: the decoder with and without its validated-token
 * cache, against the bare signature check, with tokens from an in-process issuer. They
 * sit in the starter's package so that they can drive its package-private classes
 * directly.
 */
package dev.apisec.jwt;
