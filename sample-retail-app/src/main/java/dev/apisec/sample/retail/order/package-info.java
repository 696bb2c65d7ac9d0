/**
 * Orders: placing them, with stock taken in the order's transaction and payment through
 * {@code PaymentClient}, and reading them. The path rule lets callers in; which order a
 * caller may see is decided here, since it needs the data: the owner or an administrator,
 * and anyone else gets 404.
 */
package dev.apisec.sample.retail.order;
