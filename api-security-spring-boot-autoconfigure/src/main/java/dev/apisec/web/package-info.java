/**
 * What every feature builds on in the web layer: RFC 9457 problem responses for every
 * error ({@code ProblemType}, {@code ProblemResponseWriter}), the client's address and
 * transport as told by trusted proxies ({@code ClientAddressResolver}), and the trace id
 * of each request. It also holds the request hardening: security headers, HTTPS only,
 * CORS, IP and country rules, API deprecations, request body limits and strict JSON
 * reading; it depends on no feature package.
 */
package dev.apisec.web;
