package dev.apisec.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.support.ApiSecConfigurationException;

/**
 * The API's OAuth 2.0 Protected Resource Metadata (RFC 9728): the document, checked and
 * serialized once at startup, where it is published ({@link #getPath()}, the well-known
 * path with the identifier's path appended) and the URL that 401 answers name in their
 * {@code resource_metadata} parameter.
 */
public final class ProtectedResourceMetadata {

	/** Path of the metadata of a resource whose identifier has no path. */
	public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

	private static final String PREFIX = "apisec.resource.";

	private final String identifier;

	private final String path;

	private final String url;

	private final Map<String, Object> document;

	private final byte[] json;

	private final Duration cacheMaxAge;

	private ProtectedResourceMetadata(String identifier, String path, String url, Map<String, Object> document,
			byte[] json, Duration cacheMaxAge) {
		this.identifier = identifier;
		this.path = path;
		this.url = url;
		this.document = document;
		this.json = json;
		this.cacheMaxAge = cacheMaxAge;
	}

	/**
	 * Check the properties and build the metadata.
	 * @param properties the {@code apisec.resource.*} properties
	 * @param issuers the configured JWT issuers, the authorization servers when none are
	 * configured
	 * @return the metadata
	 * @throws ApiSecConfigurationException naming the property that is wrong
	 */
	public static ProtectedResourceMetadata of(ResourceMetadataProperties properties, List<String> issuers) {
		URI identifier = url(PREFIX + "identifier", properties.getIdentifier(), "https://api.example.com");
		if (identifier.getRawQuery() != null || identifier.getRawFragment() != null) {
			throw new ApiSecConfigurationException(PREFIX + "identifier",
					"'" + properties.getIdentifier() + "' has a query or a fragment",
					"Set " + PREFIX + "identifier to the API's URL without query and fragment (RFC 9728).");
		}
		List<String> servers = properties.getAuthorizationServers().isEmpty() ? issuers
				: properties.getAuthorizationServers();
		if (servers.isEmpty()) {
			throw new ApiSecConfigurationException(PREFIX + "authorization-servers",
					"no authorization server issues tokens for this API",
					"Set " + PREFIX + "authorization-servers to the issuer URLs clients get tokens from, "
							+ "or configure apisec.jwt.issuers.");
		}
		for (int i = 0; i < properties.getAuthorizationServers().size(); i++) {
			url(PREFIX + "authorization-servers[" + i + "]", properties.getAuthorizationServers().get(i),
					"https://login.example.com");
		}
		for (int i = 0; i < properties.getBearerMethodsSupported().size(); i++) {
			if (!"header".equals(properties.getBearerMethodsSupported().get(i))) {
				throw new ApiSecConfigurationException(PREFIX + "bearer-methods-supported[" + i + "]",
						"'" + properties.getBearerMethodsSupported().get(i)
								+ "' is not a way the starter accepts a bearer token",
						"Remove it: the starter reads bearer tokens from the Authorization header only.");
			}
		}
		if (properties.getDocumentation() != null) {
			url(PREFIX + "documentation", properties.getDocumentation(), "https://docs.example.com/api");
		}
		Duration cacheMaxAge = properties.getCacheMaxAge();
		if (cacheMaxAge == null || cacheMaxAge.isNegative()) {
			throw new ApiSecConfigurationException(PREFIX + "cache-max-age", "the cache lifetime is negative",
					"Set " + PREFIX + "cache-max-age to zero or more, e.g. 1h.");
		}
		String resourcePath = (identifier.getRawPath() != null) ? identifier.getRawPath() : "";
		if (resourcePath.endsWith("/")) {
			resourcePath = resourcePath.substring(0, resourcePath.length() - 1);
		}
		String path = WELL_KNOWN_PATH + resourcePath;
		String url = identifier.getScheme() + "://" + identifier.getRawAuthority() + path;
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("resource", properties.getIdentifier());
		document.put("authorization_servers", List.copyOf(servers));
		putIfAny(document, "scopes_supported", properties.getScopesSupported());
		document.put("bearer_methods_supported", List.copyOf(properties.getBearerMethodsSupported()));
		putIfAny(document, "resource_signing_alg_values_supported", properties.getSigningAlgorithms());
		if (properties.getName() != null) {
			document.put("resource_name", properties.getName());
		}
		if (properties.getDocumentation() != null) {
			document.put("resource_documentation", properties.getDocumentation());
		}
		try {
			byte[] json = new ObjectMapper().writeValueAsBytes(document);
			return new ProtectedResourceMetadata(properties.getIdentifier(), path, url,
					Collections.unmodifiableMap(document), json, cacheMaxAge);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Protected resource metadata cannot be serialized", ex);
		}
	}

	private static void putIfAny(Map<String, Object> document, String name, List<String> values) {
		if (!values.isEmpty()) {
			document.put(name, List.copyOf(values));
		}
	}

	private static URI url(String property, String value, String example) {
		String fix = "Set " + property + " to an https URL, e.g. " + example
				+ " (http only for localhost, while developing).";
		if (value == null || value.isBlank()) {
			throw new ApiSecConfigurationException(property, "the URL is empty", fix);
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw new ApiSecConfigurationException(property, "'" + value + "' is not a valid URL", fix);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new ApiSecConfigurationException(property, "'" + value + "' is not an absolute http(s) URL", fix);
		}
		if (scheme.equals("http") && !isLoopback(uri.getHost())) {
			throw new ApiSecConfigurationException(property,
					"'" + value + "' uses http for a host other than localhost", fix);
		}
		return uri;
	}

	private static boolean isLoopback(String host) {
		return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
	}

	/**
	 * Return the resource identifier.
	 * @return the identifier, as configured
	 */
	public String getIdentifier() {
		return this.identifier;
	}

	/**
	 * Return the path the metadata is published at.
	 * @return the path, e.g. {@code /.well-known/oauth-protected-resource}
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the URL of the metadata, as 401 answers name it in
	 * {@code resource_metadata}.
	 * @return the URL
	 */
	public String getUrl() {
		return this.url;
	}

	/**
	 * Return the metadata document.
	 * @return the members, in the order they are published
	 */
	public Map<String, Object> getDocument() {
		return this.document;
	}

	/**
	 * Return how long clients and caches may keep the document.
	 * @return the lifetime
	 */
	public Duration getCacheMaxAge() {
		return this.cacheMaxAge;
	}

	byte[] json() {
		return this.json;
	}

}
