/**
 * Mutual TLS from {@code apisec.mtls.*}: the client certificate the container verified
 * authenticates a known client in the starter's filter chain, after expiry and revocation
 * checks, and a certificate-bound access token (RFC 8705) is accepted only with the
 * certificate it is bound to. The TLS handshake itself stays Spring Boot's
 * ({@code server.ssl.*} with an SSL bundle); this package adds the health indicator and
 * expiry gauge of the server's certificates.
 */
package dev.apisec.mtls;
