/**
 * The caller's own identity ({@code /api/users/me}) and, for administrators, the shop's
 * customers. Customers are the seeded demo customers and everyone who placed an order.
 */
package dev.apisec.sample.retail.user;
