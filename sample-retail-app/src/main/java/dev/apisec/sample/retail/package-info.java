/**
 * The sample shop API (products, orders, users, store inventory, partner stock) secured
 * only by the API security starter: authentication, path rules, rate limits and the
 * outbound payment client all come from {@code apisec.*} in {@code application.yml}, not
 * from code. {@code RetailApplication} starts it, together with a demo identity provider
 * and a payment simulator, so that it runs with one command.
 */
package dev.apisec.sample.retail;
