/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) from {@code apisec.resource.*}: the
 * public document at {@code /.well-known/oauth-protected-resource} that tells a client
 * (an MCP client, an AI agent) which authorization servers issue tokens for this API, and
 * the {@code resource_metadata} link that the starter's 401 answers carry. It knows the
 * configured issuers and nothing of authorization, which uses it.
 */
package dev.apisec.resource;
