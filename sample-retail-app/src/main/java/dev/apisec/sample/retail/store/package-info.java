/**
 * The inventory of one physical store, for its staff. Who may read which store is decided
 * by the store-inventory rule in {@code application.yml} (role {@code STAFF} and a
 * {@code store} claim equal to the store in the path), so this code never sees a request
 * for another store.
 */
package dev.apisec.sample.retail.store;
