/**
 * Security events and observations: the starter's filters report authentications,
 * denials, rate limiting, API-key expiry and opened circuits through
 * {@code SecurityEvents}, which hands each event to every {@code SecurityEventListener},
 * among them the audit log ({@code apisec.audit.*}) and Spring Boot's audit events, and
 * {@code SecurityObservations} observes each decision with Micrometer. The event API
 * ({@code SecurityEvent}, {@code SecurityEvents}, {@code SecurityEventListener},
 * {@code SecurityObservations}) depends on no feature package, only on
 * {@code dev.apisec.web} for the client address and trace id, so that every feature can
 * publish through it. Features tell it what it needs through its own types (an
 * {@code ApiSecAuthentication} names its method, a {@code RuleAuthorizationResult} its
 * rule), and the wiring that reports a feature's events lives in that feature's package.
 */
package dev.apisec.audit;
