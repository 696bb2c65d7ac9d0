/**
 * JWT validation from {@code apisec.jwt.*}: the trusted issuers with their keys (a JWK
 * Set refreshed in the background, or a static key) and {@code ApiSecJwtDecoder}, the
 * starter's {@code JwtDecoder}, which checks signatures and claims more strictly than
 * Spring Security's defaults and caches validated tokens.
 * {@code ApiSecJwtAuthenticationConverter} turns each issuer's role and scope claims into
 * authorities; the package depends on no other feature, so that authorization and mutual
 * TLS can build on it.
 */
package dev.apisec.jwt;
