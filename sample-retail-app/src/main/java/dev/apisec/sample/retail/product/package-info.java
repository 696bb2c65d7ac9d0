/**
 * The catalog: products, their repository, and the endpoints under {@code /api/products}.
 * Anyone reads the catalog and administrators change it, both decided by the rules in
 * {@code application.yml}, not by this code.
 */
package dev.apisec.sample.retail.product;
