package dev.apisec.jwt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * JWT validation settings: the trusted issuers, their keys and the claims checks applied
 * to every bearer token.
 */
@ConfigurationProperties("apisec.jwt")
public class JwtProperties {

	/**
	 * Name of the issuers property, for the messages that name an issuer's entry.
	 */
	public static final String ISSUERS_PROPERTY = "apisec.jwt.issuers";

	/**
	 * Identity providers whose tokens are accepted; the token's "iss" claim selects one.
	 */
	private List<Issuer> issuers = new ArrayList<>();

	/**
	 * Tolerance for clock differences when checking "exp", "nbf" and "iat".
	 */
	private Duration clockSkew = Duration.ofSeconds(30);

	/**
	 * Longest accepted token lifetime ("exp" minus "iat"); tokens that live longer, or
	 * carry no "iat", are rejected. Unset accepts any lifetime.
	 */
	private Duration maxTokenLifetime;

	private final Jwks jwks = new Jwks();

	private final ValidatedTokenCache validatedTokenCache = new ValidatedTokenCache();

	public List<Issuer> getIssuers() {
		return this.issuers;
	}

	public void setIssuers(List<Issuer> issuers) {
		this.issuers = issuers;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Duration getMaxTokenLifetime() {
		return this.maxTokenLifetime;
	}

	public void setMaxTokenLifetime(Duration maxTokenLifetime) {
		this.maxTokenLifetime = maxTokenLifetime;
	}

	public Jwks getJwks() {
		return this.jwks;
	}

	public ValidatedTokenCache getValidatedTokenCache() {
		return this.validatedTokenCache;
	}

	/**
	 * One trusted identity provider.
	 */
	public static class Issuer {

		/**
		 * Issuer identifier; must equal the token's "iss" claim exactly.
		 */
		private String issuerUri;

		/**
		 * JSON Web Key Set URI; when unset it is found by OpenID Connect discovery from
		 * the issuer URI, lazily, so the application starts while the provider is down.
		 */
		private String jwkSetUri;

		/**
		 * Location of one static PEM-encoded public key, instead of a JWK Set.
		 */
		private Resource publicKeyLocation;

		/**
		 * Shared secret for HS256, HS384 or HS512 tokens, at least as long as the
		 * algorithm's hash (32, 48 or 64 bytes).
		 */
		private String hmacSecret;

		/**
		 * Audiences of which a token must carry at least one in its "aud" claim.
		 */
		private List<String> audiences = new ArrayList<>();

		/**
		 * Whether tokens are accepted whatever their audience; must be set explicitly to
		 * configure an issuer without audiences.
		 */
		private boolean allowAnyAudience;

		/**
		 * Accepted signature algorithms; RS256 when unset, or HS256 with an HMAC secret.
		 * "none" can never be allowed.
		 */
		private List<String> algorithms = new ArrayList<>();

		/**
		 * Claim that names the authenticated principal.
		 */
		private String principalClaim = "sub";

		/**
		 * Identity provider whose token shape sets the defaults of the role and scope
		 * claims; explicit properties win.
		 */
		private JwtPreset preset;

		private final Roles roles = new Roles();

		private final Scopes scopes = new Scopes();

		public String getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(String issuerUri) {
			this.issuerUri = issuerUri;
		}

		public String getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(String jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public Resource getPublicKeyLocation() {
			return this.publicKeyLocation;
		}

		public void setPublicKeyLocation(Resource publicKeyLocation) {
			this.publicKeyLocation = publicKeyLocation;
		}

		public String getHmacSecret() {
			return this.hmacSecret;
		}

		public void setHmacSecret(String hmacSecret) {
			this.hmacSecret = hmacSecret;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

		public boolean isAllowAnyAudience() {
			return this.allowAnyAudience;
		}

		public void setAllowAnyAudience(boolean allowAnyAudience) {
			this.allowAnyAudience = allowAnyAudience;
		}

		public List<String> getAlgorithms() {
			return this.algorithms;
		}

		public void setAlgorithms(List<String> algorithms) {
			this.algorithms = algorithms;
		}

		public String getPrincipalClaim() {
			return this.principalClaim;
		}

		public void setPrincipalClaim(String principalClaim) {
			this.principalClaim = principalClaim;
		}

		public JwtPreset getPreset() {
			return this.preset;
		}

		public void setPreset(JwtPreset preset) {
			this.preset = preset;
		}

		public Roles getRoles() {
			return this.roles;
		}

		public Scopes getScopes() {
			return this.scopes;
		}

	}

	/**
	 * How roles are read from a token.
	 */
	public static class Roles {

		/**
		 * Claim paths holding roles: dotted ("realm_access.roles") or bracketed for names
		 * with dots ("['https://example.com/roles']"). Defaults to "roles", or to the
		 * preset's claims.
		 */
		private List<String> claims;

		/**
		 * Prefix added to every role to form its authority.
		 */
		private String prefix = "ROLE_";

		/**
		 * Case conversion applied to role names after mapping, to ASCII letters only; the
		 * roles of authorization rules are compared under the same conversion.
		 */
		private RoleCase letterCase = RoleCase.UPPER;

		/**
		 * Identity-provider role names mapped to application role names, e.g.
		 * "retail-admins: ADMIN"; a name with other characters than ASCII letters,
		 * digits, '-', '_' and '.' goes in brackets, e.g. "[Store Managers]": MANAGER.
		 * Unmapped names are kept.
		 */
		private Map<String, String> mapping = new LinkedHashMap<>();

		public List<String> getClaims() {
			return this.claims;
		}

		public void setClaims(List<String> claims) {
			this.claims = claims;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public RoleCase getCase() {
			return this.letterCase;
		}

		/**
		 * Case conversion applied to role names after mapping, to ASCII letters only; the
		 * roles of authorization rules are compared under the same conversion.
		 * @param letterCase the case conversion
		 */
		public void setCase(RoleCase letterCase) {
			this.letterCase = letterCase;
		}

		public Map<String, String> getMapping() {
			return this.mapping;
		}

		public void setMapping(Map<String, String> mapping) {
			this.mapping = mapping;
		}

	}

	/**
	 * How scopes are read from a token.
	 */
	public static class Scopes {

		/**
		 * Claim holding the scopes as a list or a space-separated string. When unset,
		 * "scope" is read, then "scp", unless a preset says otherwise.
		 */
		private String claim;

		/**
		 * Prefix added to every scope to form its authority.
		 */
		private String prefix = "SCOPE_";

		public String getClaim() {
			return this.claim;
		}

		public void setClaim(String claim) {
			this.claim = claim;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

	/**
	 * Fetching and caching of JSON Web Key Sets.
	 */
	public static class Jwks {

		/**
		 * How often keys are refreshed in the background; a shorter Cache-Control max-age
		 * from the identity provider takes precedence.
		 */
		private Duration refreshInterval = Duration.ofMinutes(5);

		/**
		 * Time in which one fetch of the unknown-key refetch burst is regained, at least
		 * 100ms; also the longest wait between retries after failed fetches when shorter
		 * than 5s.
		 */
		private Duration minRefetchInterval = Duration.ofSeconds(30);

		/**
		 * Fetches that tokens with an unknown key id may cause in quick succession, per
		 * issuer, so that a key rotation is picked up at once; 0 leaves new keys to the
		 * background refresh.
		 */
		private int unknownKeyRefetchBurst = 3;

		/**
		 * Connect timeout for JWK Set and discovery requests.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Read timeout for JWK Set and discovery requests.
		 */
		private Duration readTimeout = Duration.ofSeconds(2);

		/**
		 * Largest JWK Set or discovery document accepted.
		 */
		private DataSize maxResponseSize = DataSize.ofKilobytes(512);

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getMinRefetchInterval() {
			return this.minRefetchInterval;
		}

		public void setMinRefetchInterval(Duration minRefetchInterval) {
			this.minRefetchInterval = minRefetchInterval;
		}

		public int getUnknownKeyRefetchBurst() {
			return this.unknownKeyRefetchBurst;
		}

		public void setUnknownKeyRefetchBurst(int unknownKeyRefetchBurst) {
			this.unknownKeyRefetchBurst = unknownKeyRefetchBurst;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

	}

	/**
	 * Cache of tokens whose signature and claims were already checked.
	 */
	public static class ValidatedTokenCache {

		/**
		 * Whether validated tokens are cached so that a reused token skips signature
		 * verification.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of cached tokens.
		 */
		private long maxSize = 10_000;

		/**
		 * Longest time a token stays cached, whatever its expiry.
		 */
		private Duration maxTtl = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

	}

}
