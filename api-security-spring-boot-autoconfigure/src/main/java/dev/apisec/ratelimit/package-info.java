/**
 * Per-client rate limiting from {@code apisec.rate-limit.*}: policies of burst and steady
 * limits, matched by request and charged to a client key, with the buckets in memory or
 * on Redis ({@code RateLimitBackend}). {@code RateLimitFilter} runs after authentication
 * and before the controller, answers 429 with {@code Retry-After} and writes the
 * rate-limit headers; when the backend fails, the request is let through or refused with
 * 503, as configured, never answered with a 500.
 */
package dev.apisec.ratelimit;
