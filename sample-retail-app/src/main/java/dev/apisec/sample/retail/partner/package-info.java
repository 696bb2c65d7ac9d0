/**
 * Stock levels for partners (resellers, marketplaces) that call with an API key. The
 * {@code PARTNER} role is required by the partner-stock rule in {@code application.yml},
 * not by this code.
 */
package dev.apisec.sample.retail.partner;
