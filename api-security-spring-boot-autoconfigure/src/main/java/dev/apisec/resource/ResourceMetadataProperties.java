package dev.apisec.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), published once the resource
 * identifier is set.
 */
@ConfigurationProperties("apisec.resource")
public class ResourceMetadataProperties {

	/**
	 * Resource identifier: the API's https URL (http only for localhost), without query
	 * or fragment. Its path, if any, is appended to
	 * /.well-known/oauth-protected-resource. Setting it publishes the metadata.
	 */
	private String identifier;

	/**
	 * Human-readable name of the API, for clients to show.
	 */
	private String name;

	/**
	 * Issuer URLs of the authorization servers that issue tokens for this API. Empty
	 * means the configured JWT issuers.
	 */
	private List<String> authorizationServers = new ArrayList<>();

	/**
	 * Scopes a client may request for this API.
	 */
	private List<String> scopesSupported = new ArrayList<>();

	/**
	 * Ways a bearer token may be sent; the starter reads it from the Authorization header
	 * only.
	 */
	private List<String> bearerMethodsSupported = new ArrayList<>(List.of("header"));

	/**
	 * JWS algorithms the API signs its responses with, if it signs any.
	 */
	private List<String> signingAlgorithms = new ArrayList<>();

	/**
	 * URL of the documentation developers need to use the API.
	 */
	private String documentation;

	/**
	 * How long clients and caches may keep the metadata document.
	 */
	private Duration cacheMaxAge = Duration.ofHours(1);

	public String getIdentifier() {
		return this.identifier;
	}

	public void setIdentifier(String identifier) {
		this.identifier = identifier;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public List<String> getAuthorizationServers() {
		return this.authorizationServers;
	}

	public void setAuthorizationServers(List<String> authorizationServers) {
		this.authorizationServers = authorizationServers;
	}

	public List<String> getScopesSupported() {
		return this.scopesSupported;
	}

	public void setScopesSupported(List<String> scopesSupported) {
		this.scopesSupported = scopesSupported;
	}

	public List<String> getBearerMethodsSupported() {
		return this.bearerMethodsSupported;
	}

	public void setBearerMethodsSupported(List<String> bearerMethodsSupported) {
		this.bearerMethodsSupported = bearerMethodsSupported;
	}

	public List<String> getSigningAlgorithms() {
		return this.signingAlgorithms;
	}

	public void setSigningAlgorithms(List<String> signingAlgorithms) {
		this.signingAlgorithms = signingAlgorithms;
	}

	public String getDocumentation() {
		return this.documentation;
	}

	public void setDocumentation(String documentation) {
		this.documentation = documentation;
	}

	public Duration getCacheMaxAge() {
		return this.cacheMaxAge;
	}

	public void setCacheMaxAge(Duration cacheMaxAge) {
		this.cacheMaxAge = cacheMaxAge;
	}

}
