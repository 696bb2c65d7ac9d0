package dev.apisec.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.apisec.apikey.ApiKeyExpiryReport;
import dev.apisec.apikey.ApiKeyProperties;
import dev.apisec.authorization.AuthorizationRule;
import dev.apisec.authorization.AuthorizationRules;
import dev.apisec.client.ApiSecClients;
import dev.apisec.jwt.KeyStatus;
import dev.apisec.jwt.TrustedIssuer;
import dev.apisec.jwt.TrustedIssuers;
import dev.apisec.mtls.MtlsClients;
import dev.apisec.mtls.MtlsProperties;
import dev.apisec.ratelimit.RateLimitBackend;
import dev.apisec.ratelimit.RateLimitPolicies;
import dev.apisec.ratelimit.RateLimitPolicy;
import dev.apisec.ratelimit.RateLimitProperties;
import dev.apisec.resource.ProtectedResourceMetadata;
import dev.apisec.web.CorsProperties;
import dev.apisec.web.DeprecationProperties;
import dev.apisec.web.HeadersProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.http.HttpMethod;

/**
 * The {@code apisec} actuator endpoint: the effective security configuration, one section
 * per feature that is on. It lists names, paths, ids, roles and instants only: never a
 * secret, an HMAC secret, key material or a hash.
 */
@Endpoint(id = "apisec")
public class ApiSecEndpoint {

	private final ObjectProvider<TrustedIssuers> issuers;

	private final ObjectProvider<AuthorizationRules> authorizationRules;

	private final ObjectProvider<RateLimitPolicies> rateLimitPolicies;

	private final ObjectProvider<RateLimitProperties> rateLimitProperties;

	private final ObjectProvider<RateLimitBackend> rateLimitBackend;

	private final ObjectProvider<ApiSecClients> clients;

	private final ObjectProvider<ApiKeyProperties> apiKeyProperties;

	private final ObjectProvider<ApiKeyExpiryReport> apiKeyExpiry;

	private final ObjectProvider<MtlsClients> mtlsClients;

	private final ObjectProvider<MtlsProperties> mtlsProperties;

	private final ObjectProvider<CorsProperties> cors;

	private final ObjectProvider<HeadersProperties> headers;

	private final ObjectProvider<DeprecationProperties> deprecations;

	private final ObjectProvider<ProtectedResourceMetadata> resourceMetadata;

	ApiSecEndpoint(ObjectProvider<TrustedIssuers> issuers, ObjectProvider<AuthorizationRules> authorizationRules,
			ObjectProvider<RateLimitPolicies> rateLimitPolicies,
			ObjectProvider<RateLimitProperties> rateLimitProperties, ObjectProvider<RateLimitBackend> rateLimitBackend,
			ObjectProvider<ApiSecClients> clients, ObjectProvider<ApiKeyProperties> apiKeyProperties,
			ObjectProvider<ApiKeyExpiryReport> apiKeyExpiry, ObjectProvider<MtlsClients> mtlsClients,
			ObjectProvider<MtlsProperties> mtlsProperties, ObjectProvider<CorsProperties> cors,
			ObjectProvider<HeadersProperties> headers, ObjectProvider<DeprecationProperties> deprecations,
			ObjectProvider<ProtectedResourceMetadata> resourceMetadata) {
		this.issuers = issuers;
		this.authorizationRules = authorizationRules;
		this.rateLimitPolicies = rateLimitPolicies;
		this.rateLimitProperties = rateLimitProperties;
		this.rateLimitBackend = rateLimitBackend;
		this.clients = clients;
		this.apiKeyProperties = apiKeyProperties;
		this.apiKeyExpiry = apiKeyExpiry;
		this.mtlsClients = mtlsClients;
		this.mtlsProperties = mtlsProperties;
		this.cors = cors;
		this.headers = headers;
		this.deprecations = deprecations;
		this.resourceMetadata = resourceMetadata;
	}

	/**
	 * Return the effective configuration, one entry per feature that is on.
	 * @return the configuration
	 */
	@ReadOperation
	public Map<String, Object> configuration() {
		Map<String, Object> result = new LinkedHashMap<>();
		this.issuers.ifAvailable((issuers) -> result.put("issuers", issuers(issuers)));
		this.resourceMetadata.ifAvailable((metadata) -> result.put("resource", resource(metadata)));
		this.authorizationRules.ifAvailable((rules) -> result.put("authorization", authorization(rules)));
		this.rateLimitPolicies.ifAvailable((policies) -> result.put("rateLimit", rateLimit(policies)));
		ApiSecClients clients = this.clients.getIfAvailable();
		if (clients != null && !clients.names().isEmpty()) {
			result.put("clients", new ClientsSection(clients).describe());
		}
		this.apiKeyProperties.ifAvailable((properties) -> result.put("apiKeys", apiKeys(properties)));
		if (this.mtlsClients.getIfAvailable() != null) {
			this.mtlsProperties.ifAvailable((properties) -> result.put("mtls", mtls(properties)));
		}
		CorsProperties cors = this.cors.getIfAvailable();
		if (cors != null && !cors.getMappings().isEmpty()) {
			result.put("cors", cors(cors));
		}
		this.headers.ifAvailable((properties) -> result.put("headers", headers(properties)));
		DeprecationProperties deprecations = this.deprecations.getIfAvailable();
		if (deprecations != null && !deprecations.getDeprecations().isEmpty()) {
			result.put("deprecations", deprecations(deprecations));
		}
		return result;
	}

	private static List<Map<String, Object>> issuers(TrustedIssuers issuers) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (TrustedIssuer issuer : issuers.all()) {
			KeyStatus status = issuer.getKeyStatus();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("issuerUri", issuer.getIssuer());
			entry.put("audiences", List.copyOf(issuer.getAudiences()));
			entry.put("algorithms", issuer.getAlgorithms());
			entry.put("principalClaim", issuer.getPrincipalClaim());
			entry.put("keySource", status.source());
			entry.put("keyIds", status.keyIds().stream().filter(Objects::nonNull).toList());
			entry.put("lastRefresh", text(status.lastRefresh()));
			entry.put("nextRefresh", text(status.nextRefresh()));
			entry.put("lastError", status.lastError());
			entry.put("lastErrorAt", text(status.lastErrorAt()));
			result.add(entry);
		}
		return result;
	}

	private static Map<String, Object> authorization(AuthorizationRules rules) {
		List<Map<String, Object>> list = new ArrayList<>();
		for (AuthorizationRule rule : rules.rules()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", rule.name());
			entry.put("paths", rule.paths());
			entry.put("methods", rule.methods().stream().map(HttpMethod::name).sorted().toList());
			if (rule.access() != null) {
				entry.put("access", rule.access().name().toLowerCase(Locale.ROOT));
			}
			entry.put("roles", rule.roles());
			entry.put("scopes", rule.scopes());
			// Conditions are configuration (claim names, values, {variables}), not caller
			// data.
			Map<String, String> claims = new LinkedHashMap<>();
			rule.claims().forEach((claim) -> claims.put(claim.name(), claim.requirement()));
			entry.put("claims", claims);
			entry.put("hasExpression", rule.expression() != null);
			list.add(entry);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rules", list);
		result.put("defaultAccess", rules.defaultAccess().name().toLowerCase(Locale.ROOT));
		return result;
	}

	private Map<String, Object> rateLimit(RateLimitPolicies policies) {
		Map<String, RateLimitProperties.Policy> configured = new LinkedHashMap<>();
		this.rateLimitProperties.ifAvailable(
				(properties) -> properties.getPolicies().forEach((policy) -> configured.put(policy.getName(), policy)));
		List<Map<String, Object>> list = new ArrayList<>();
		for (RateLimitPolicy policy : policies.policies()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", policy.getName());
			// Paths, methods and key kind as configured; a policy bean of the
			// application's own has none.
			RateLimitProperties.Policy config = configured.get(policy.getName());
			if (config != null) {
				entry.put("paths", config.getPaths());
				entry.put("methods", config.getMethods());
				entry.put("key", config.getKey());
			}
			entry.put("cost", policy.getCost());
			entry.put("limits",
					policy.getLimits()
						.stream()
						.map((limit) -> Map.of("name", limit.name(), "capacity", limit.capacity(), "period",
								limit.period().toString()))
						.toList());
			list.add(entry);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		RateLimitBackend backend = this.rateLimitBackend.getIfAvailable();
		result.put("backend", (backend != null) ? backend.name() : null);
		result.put("policies", list);
		return result;
	}

	private Map<String, Object> apiKeys(ApiKeyProperties properties) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("header", properties.getHeader());
		result.put("store", properties.getStore().name().toLowerCase(Locale.ROOT));
		if (properties.getStore() == ApiKeyProperties.Store.PROPERTIES) {
			// Ids and validity only: the configured hash stays out.
			result.put("keys", properties.getKeys().stream().map((key) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("id", key.getId());
				entry.put("roles", key.getRoles());
				entry.put("scopes", key.getScopes());
				entry.put("attributes", key.getAttributes());
				entry.put("notBefore", text(key.getNotBefore()));
				entry.put("expiresAt", text(key.getExpiresAt()));
				return entry;
			}).toList());
		}
		ApiKeyExpiryReport report = this.apiKeyExpiry.getIfAvailable();
		if (report != null) {
			result.put("expiringWithin", report.getWindow().toString());
			result.put("expiring",
					report.expiringKeys()
						.stream()
						.map((key) -> Map.of("id", key.id(), "expiresAt", text(key.expiresAt())))
						.toList());
		}
		return result;
	}

	private static Map<String, Object> mtls(MtlsProperties properties) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("principalSource", String.valueOf(properties.getPrincipal()));
		Map<String, Object> clients = new LinkedHashMap<>();
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (MtlsProperties.Client client : properties.getClients()) {
			clients.put(client.getPrincipal(), client.getRoles());
			if (!client.getAttributes().isEmpty()) {
				attributes.put(client.getPrincipal(), client.getAttributes());
			}
		}
		result.put("clients", clients);
		result.put("clientAttributes", attributes);
		return result;
	}

	private static List<Map<String, Object>> cors(CorsProperties properties) {
		return properties.getMappings().stream().map((mapping) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("paths", mapping.getPaths());
			entry.put("allowedOrigins", mapping.getAllowedOrigins());
			entry.put("allowedMethods", mapping.getAllowedMethods());
			entry.put("allowCredentials", mapping.isAllowCredentials());
			return entry;
		}).toList();
	}

	private static Map<String, Object> headers(HeadersProperties properties) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("enabled", properties.isEnabled());
		result.put("cacheControl", properties.getCacheControl());
		result.put("contentTypeOptions", properties.getContentTypeOptions());
		result.put("frameOptions", properties.getFrameOptions());
		result.put("contentSecurityPolicy", properties.getContentSecurityPolicy());
		result.put("referrerPolicy", properties.getReferrerPolicy());
		result.put("crossOriginResourcePolicy", properties.getCrossOriginResourcePolicy());
		HeadersProperties.Hsts hsts = properties.getHsts();
		Map<String, Object> hstsEntry = new LinkedHashMap<>();
		hstsEntry.put("enabled", hsts.isEnabled());
		hstsEntry.put("maxAge", String.valueOf(hsts.getMaxAge()));
		hstsEntry.put("includeSubdomains", hsts.isIncludeSubdomains());
		hstsEntry.put("preload", hsts.isPreload());
		result.put("hsts", hstsEntry);
		return result;
	}

	private static Map<String, Object> resource(ProtectedResourceMetadata metadata) {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("identifier", metadata.getIdentifier());
		section.put("metadataUrl", metadata.getUrl());
		section.put("authorizationServers", metadata.getDocument().get("authorization_servers"));
		section.put("scopesSupported", metadata.getDocument().getOrDefault("scopes_supported", List.of()));
		return section;
	}

	private static List<Map<String, Object>> deprecations(DeprecationProperties properties) {
		return properties.getDeprecations().stream().map((deprecation) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("paths", deprecation.getPaths());
			entry.put("deprecatedSince", String.valueOf(deprecation.getDeprecatedSince()));
			entry.put("sunset", String.valueOf(deprecation.getSunset()));
			entry.put("link", deprecation.getLink());
			entry.put("enforce", deprecation.isEnforce());
			return entry;
		}).toList();
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
