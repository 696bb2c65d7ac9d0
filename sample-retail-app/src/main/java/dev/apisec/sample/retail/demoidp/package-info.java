/**
 * A demo identity provider (Spring Authorization Server) inside the sample, on the same
 * port as the API under its own filter chain, so that the sample works out of the box:
 * client-credentials tokens for the demo clients of {@code retail.demo-idp.*}, signed
 * with a key generated at startup. The API trusts it only through
 * {@code apisec.jwt.issuers[0]}, like any other identity provider;
 * {@code retail.demo-idp.enabled=false} turns it off.
 */
package dev.apisec.sample.retail.demoidp;
