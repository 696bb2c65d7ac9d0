package dev.apisec.mtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Mutual TLS: which certificate field names the client, the known clients and their
 * roles, revocation and certificate expiry warnings. The TLS handshake itself is
 * configured with Spring Boot's {@code server.ssl.*} and an SSL bundle.
 */
@ConfigurationProperties("apisec.mtls")
public class MtlsProperties {

	/**
	 * Whether client certificates authenticate callers; unset means on when clients are
	 * configured.
	 */
	private Boolean enabled;

	/** Certificate field that names the client. */
	private MtlsPrincipalSource principal = MtlsPrincipalSource.SUBJECT_CN;

	/**
	 * Known clients by principal, each with its roles; other TLS-authenticated clients
	 * get 403.
	 */
	private final List<Client> clients = new ArrayList<>();

	/** Certificate revocation list (PEM or DER) checked for every client certificate. */
	private Resource crlLocation;

	/**
	 * How often the certificate revocation list is read again; unset reads it only at
	 * startup.
	 */
	private Duration crlRefresh;

	/** How long before a server or CA certificate expires its health shows a warning. */
	private Duration expiryWarning = Duration.ofDays(30);

	/**
	 * Whether access tokens with a cnf x5t#S256 claim are accepted only with that client
	 * certificate.
	 */
	private boolean certificateBoundTokens = true;

	public Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

	public MtlsPrincipalSource getPrincipal() {
		return this.principal;
	}

	public void setPrincipal(MtlsPrincipalSource principal) {
		this.principal = principal;
	}

	public List<Client> getClients() {
		return this.clients;
	}

	public Resource getCrlLocation() {
		return this.crlLocation;
	}

	public void setCrlLocation(Resource crlLocation) {
		this.crlLocation = crlLocation;
	}

	public Duration getCrlRefresh() {
		return this.crlRefresh;
	}

	public void setCrlRefresh(Duration crlRefresh) {
		this.crlRefresh = crlRefresh;
	}

	public Duration getExpiryWarning() {
		return this.expiryWarning;
	}

	public void setExpiryWarning(Duration expiryWarning) {
		this.expiryWarning = expiryWarning;
	}

	public boolean isCertificateBoundTokens() {
		return this.certificateBoundTokens;
	}

	public void setCertificateBoundTokens(boolean certificateBoundTokens) {
		this.certificateBoundTokens = certificateBoundTokens;
	}

	/**
	 * A known client.
	 */
	public static class Client {

		/**
		 * Principal of the client as the principal field gives it, e.g. the subject CN.
		 */
		private String principal;

		/** Roles of the client, without the ROLE_ prefix. */
		private List<String> roles = new ArrayList<>();

		/**
		 * Attributes of the client, each with one or more values, tested by the claims
		 * conditions of authorization rules.
		 */
		private Map<String, List<String>> attributes = new LinkedHashMap<>();

		public String getPrincipal() {
			return this.principal;
		}

		public void setPrincipal(String principal) {
			this.principal = principal;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public Map<String, List<String>> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, List<String>> attributes) {
			this.attributes = attributes;
		}

	}

}
