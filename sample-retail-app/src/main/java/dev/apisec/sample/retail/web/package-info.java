/**
 * The sample's own error types, each an {@code ErrorResponseException} that the starter
 * renders as a problem response: 404 for a resource the caller may not know exists, 409
 * for a request the current state refuses, and 400 for a field that refers to nothing.
 * Shared by the other packages of the sample.
 */
package dev.apisec.sample.retail.web;
