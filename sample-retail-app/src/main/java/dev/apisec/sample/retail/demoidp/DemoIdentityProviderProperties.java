package dev.apisec.sample.retail.demoidp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo identity provider that runs inside the sample so that it works out of the box.
 * Its clients and secrets are for the demo only.
 */
@ConfigurationProperties("retail.demo-idp")
public class DemoIdentityProviderProperties {

	/**
	 * Whether the demo identity provider runs; turn it off to trust a real one.
	 */
	private boolean enabled = true;

	/**
	 * Issuer identifier written into the tokens ("iss").
	 */
	private String issuer = "http://localhost:8080";

	/**
	 * Audience written into the tokens ("aud").
	 */
	private String audience = "retail-api";

	/**
	 * Lifetime of issued access tokens.
	 */
	private Duration tokenLifetime = Duration.ofMinutes(5);

	/**
	 * Demo clients allowed to use the client-credentials grant.
	 */
	private List<Client> clients = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public String getAudience() {
		return this.audience;
	}

	public void setAudience(String audience) {
		this.audience = audience;
	}

	public Duration getTokenLifetime() {
		return this.tokenLifetime;
	}

	public void setTokenLifetime(Duration tokenLifetime) {
		this.tokenLifetime = tokenLifetime;
	}

	public List<Client> getClients() {
		return this.clients;
	}

	public void setClients(List<Client> clients) {
		this.clients = clients;
	}

	/**
	 * One demo client; its id becomes the token's subject.
	 */
	public static class Client {

		/**
		 * Client id, also the subject of its tokens.
		 */
		private String id;

		/**
		 * Client secret, hashed with a {id} prefix such as {noop} or {bcrypt}; demo only.
		 */
		private String secret;

		/**
		 * Roles written into the "roles" claim.
		 */
		private List<String> roles = new ArrayList<>();

		/**
		 * Scopes the client may request; all of them when it requests none.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Further claims written into its tokens, e.g. store: north.
		 */
		private Map<String, String> claims = new LinkedHashMap<>();

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public Map<String, String> getClaims() {
			return this.claims;
		}

		public void setClaims(Map<String, String> claims) {
			this.claims = claims;
		}

	}

}
