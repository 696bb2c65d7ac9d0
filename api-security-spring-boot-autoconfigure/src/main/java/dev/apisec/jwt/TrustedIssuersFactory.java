package dev.apisec.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.crypto.spec.SecretKeySpec;

import dev.apisec.jwt.JwsAlgorithm.KeyFamily;
import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Builds {@link TrustedIssuers} from {@link JwtProperties}, refusing at startup every
 * configuration that would weaken validation: an issuer without audiences, "none" or an
 * unknown algorithm, an HMAC secret shorter than its hash, mixed key sources.
 */
final class TrustedIssuersFactory {

	private final JwtProperties properties;

	private final Clock clock;

	private final JwtEventListener listener;

	TrustedIssuersFactory(JwtProperties properties, Clock clock, JwtEventListener listener) {
		this.properties = properties;
		this.clock = clock;
		this.listener = listener;
	}

	TrustedIssuers build() {
		validateGlobal();
		List<JwtProperties.Issuer> configured = this.properties.getIssuers();
		long fetching = configured.stream()
			.filter((issuer) -> issuer.getPublicKeyLocation() == null && !StringUtils.hasText(issuer.getHmacSecret()))
			.count();
		boolean needsScheduler = fetching > 0;
		// One thread per fetching issuer: a provider that is slow to answer delays only
		// its own keys.
		ScheduledExecutorService scheduler = needsScheduler ? createScheduler((int) fetching) : null;
		JwksFetcher fetcher = needsScheduler ? createFetcher() : null;
		List<TrustedIssuer> issuers = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			String prefix = JwtProperties.ISSUERS_PROPERTY + "[" + i + "]";
			TrustedIssuer issuer = build(prefix, configured.get(i), fetcher, scheduler);
			if (!seen.add(issuer.getIssuer())) {
				throw new ApiSecConfigurationException(prefix + ".issuer-uri",
						"the issuer '" + issuer.getIssuer() + "' is configured twice",
						"Configure each issuer once; one issuer entry accepts several audiences and algorithms.");
			}
			issuers.add(issuer);
		}
		return new TrustedIssuers(issuers, scheduler);
	}

	private void validateGlobal() {
		if (this.properties.getClockSkew() == null || this.properties.getClockSkew().isNegative()) {
			throw new ApiSecConfigurationException("apisec.jwt.clock-skew", "the clock skew must not be negative",
					"Set apisec.jwt.clock-skew to a small positive duration such as 30s.");
		}
		if (this.properties.getMaxTokenLifetime() != null && (this.properties.getMaxTokenLifetime().isNegative()
				|| this.properties.getMaxTokenLifetime().isZero())) {
			throw new ApiSecConfigurationException("apisec.jwt.max-token-lifetime", "the lifetime must be positive",
					"Set apisec.jwt.max-token-lifetime to a positive duration such as 1h, or remove it.");
		}
		JwtProperties.Jwks jwks = this.properties.getJwks();
		Duration shortest = JwksIssuerKeys.SHORTEST_MIN_REFETCH_INTERVAL;
		if (jwks.getMinRefetchInterval() == null || jwks.getMinRefetchInterval().compareTo(shortest) < 0) {
			throw new ApiSecConfigurationException("apisec.jwt.jwks.min-refetch-interval",
					"the minimum refetch interval must be at least " + shortest.toMillis()
							+ "ms, or made-up key ids and a dead provider would be fetched back to back",
					"Set apisec.jwt.jwks.min-refetch-interval to " + shortest.toMillis()
							+ "ms or more (30s by default); to stop fetches for unknown key ids, set"
							+ " apisec.jwt.jwks.unknown-key-refetch-burst to 0.");
		}
		if (jwks.getRefreshInterval().compareTo(jwks.getMinRefetchInterval()) < 0) {
			throw new ApiSecConfigurationException("apisec.jwt.jwks.refresh-interval",
					"the refresh interval must not be shorter than apisec.jwt.jwks.min-refetch-interval",
					"Set apisec.jwt.jwks.refresh-interval to at least apisec.jwt.jwks.min-refetch-interval.");
		}
		if (jwks.getUnknownKeyRefetchBurst() < 0) {
			throw new ApiSecConfigurationException("apisec.jwt.jwks.unknown-key-refetch-burst",
					"the number of fetches must not be negative",
					"Set apisec.jwt.jwks.unknown-key-refetch-burst to a small number such as 3, or 0 to pick up new keys"
							+ " only with the background refresh.");
		}
	}

	private TrustedIssuer build(String prefix, JwtProperties.Issuer config, JwksFetcher fetcher,
			ScheduledExecutorService scheduler) {
		String issuerUri = config.getIssuerUri();
		if (!StringUtils.hasText(issuerUri)) {
			throw new ApiSecConfigurationException(prefix + ".issuer-uri", "an issuer needs its issuer URI",
					"Set " + prefix + ".issuer-uri to the exact value of the \"iss\" claim of its tokens.");
		}
		boolean hasHmac = StringUtils.hasText(config.getHmacSecret());
		int sources = (hasHmac ? 1 : 0) + ((config.getPublicKeyLocation() != null) ? 1 : 0)
				+ (StringUtils.hasText(config.getJwkSetUri()) ? 1 : 0);
		if (sources > 1) {
			throw new ApiSecConfigurationException(prefix,
					"jwk-set-uri, public-key-location and hmac-secret are alternatives",
					"Keep exactly one of " + prefix + ".jwk-set-uri, " + prefix + ".public-key-location and " + prefix
							+ ".hmac-secret, or none to use OpenID Connect discovery.");
		}
		Set<JwsAlgorithm> algorithms = algorithms(prefix, config.getAlgorithms(), hasHmac);
		List<String> audiences = (config.getAudiences() != null) ? config.getAudiences() : List.of();
		if (audiences.isEmpty() && !config.isAllowAnyAudience()) {
			throw new ApiSecConfigurationException(prefix + ".audiences",
					"the issuer '" + issuerUri
							+ "' has no audiences, so a token minted for any other API would be accepted",
					"Set " + prefix + ".audiences to the audience(s) of this API, or set " + prefix
							+ ".allow-any-audience=true if every token of this issuer is meant for it.");
		}
		IssuerKeys keys;
		if (hasHmac) {
			keys = hmacKeys(prefix, config.getHmacSecret(), algorithms);
		}
		else if (config.getPublicKeyLocation() != null) {
			keys = staticKey(prefix, config.getPublicKeyLocation(), algorithms);
		}
		else {
			URI jwkSetUri = StringUtils.hasText(config.getJwkSetUri())
					? uri(prefix + ".jwk-set-uri", config.getJwkSetUri()) : null;
			if (jwkSetUri == null) {
				uri(prefix + ".issuer-uri", issuerUri);
			}
			JwtProperties.Jwks jwks = this.properties.getJwks();
			keys = new JwksIssuerKeys(issuerUri, jwkSetUri, fetcher, scheduler, this.clock, jwks.getRefreshInterval(),
					jwks.getMinRefetchInterval(), jwks.getUnknownKeyRefetchBurst(), this.listener);
		}
		JwtPreset preset = config.getPreset();
		List<String> audienceClaims = (preset != null) ? preset.audienceClaims() : JwtPreset.DEFAULT_AUDIENCE_CLAIMS;
		String principalClaim = StringUtils.hasText(config.getPrincipalClaim()) ? config.getPrincipalClaim() : "sub";
		return new TrustedIssuer(issuerUri, new LinkedHashSet<>(audiences),
				config.isAllowAnyAudience() && audiences.isEmpty(), audienceClaims, algorithms, principalClaim, keys,
				authorityMapping(prefix, config, audiences));
	}

	private Set<JwsAlgorithm> algorithms(String prefix, List<String> names, boolean hmac) {
		String property = prefix + ".algorithms";
		if (names == null || names.isEmpty()) {
			return EnumSet.of(hmac ? JwsAlgorithm.HS256 : JwsAlgorithm.RS256);
		}
		Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
		for (String name : names) {
			if (JwsAlgorithm.isNone(name)) {
				throw new ApiSecConfigurationException(property,
						"'none' means unsigned tokens, which anyone can forge, so it can never be allowed",
						"Remove 'none' from " + property + "; use a signature algorithm such as RS256 or ES256.");
			}
			JwsAlgorithm algorithm = JwsAlgorithm.forName(name.trim());
			if (algorithm == null) {
				throw new ApiSecConfigurationException(property, "'" + name + "' is not a supported algorithm",
						"Use algorithms from " + List.of(JwsAlgorithm.values()) + " (case-sensitive).");
			}
			if (hmac != (algorithm.family() == KeyFamily.HMAC)) {
				throw new ApiSecConfigurationException(property,
						hmac ? "'" + name + "' is not an HMAC algorithm but the issuer has an hmac-secret"
								: "'" + name + "' needs an hmac-secret; public keys are never used as HMAC secrets",
						hmac ? "With " + prefix + ".hmac-secret, allow only HS256, HS384 or HS512." : "Remove '" + name
								+ "' or configure " + prefix + ".hmac-secret instead of a public key source.");
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	private IssuerKeys hmacKeys(String prefix, String secret, Set<JwsAlgorithm> algorithms) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		int required = algorithms.stream().mapToInt(JwsAlgorithm::size).max().orElse(32);
		if (bytes.length < required) {
			throw new ApiSecConfigurationException(prefix + ".hmac-secret",
					"the secret has " + bytes.length + " bytes but " + algorithms + " needs at least " + required,
					"Use a random secret of at least " + required + " bytes (e.g. 'openssl rand -base64 " + required
							+ "'), supplied from the environment.");
		}
		return new StaticIssuerKeys(VerificationKey.hmac(new SecretKeySpec(bytes, "HmacSHA256")), "hmac-secret");
	}

	private IssuerKeys staticKey(String prefix, Resource location, Set<JwsAlgorithm> algorithms) {
		String property = prefix + ".public-key-location";
		PublicKey key;
		try (InputStream in = location.getInputStream()) {
			key = parsePem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new ApiSecConfigurationException(property, "the key at '" + location + "' cannot be read",
					"Point " + property + " to a readable PEM file, e.g. classpath:keys/issuer.pub.");
		}
		catch (IllegalArgumentException ex) {
			throw new ApiSecConfigurationException(property,
					"the file at '" + location + "' is not a PEM public key (" + ex.getMessage() + ")",
					"Use a '-----BEGIN PUBLIC KEY-----' file of an RSA (2048 bits or more), EC or Ed25519 key.");
		}
		VerificationKey verificationKey = VerificationKey.of(null, key, null);
		if (algorithms.stream().noneMatch(verificationKey::fits)) {
			throw new ApiSecConfigurationException(
					prefix + ".algorithms", "none of " + algorithms + " can be verified with the " + key.getAlgorithm()
							+ " key at '" + location + "'",
					"Set " + prefix + ".algorithms to algorithms of the key's type.");
		}
		return new StaticIssuerKeys(verificationKey, location.toString());
	}

	static PublicKey parsePem(String pem) {
		int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
		int end = pem.indexOf("-----END PUBLIC KEY-----");
		if (begin < 0 || end < begin) {
			throw new IllegalArgumentException("no PUBLIC KEY block");
		}
		String base64 = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
		byte[] der = Base64.getDecoder().decode(base64);
		for (String algorithm : new String[] { "RSA", "EC", "Ed25519" }) {
			try {
				PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
				VerificationKey.of(null, key, null);
				return key;
			}
			catch (IllegalArgumentException ex) {
				throw ex;
			}
			catch (Exception ex) {
				// try the next key type
			}
		}
		throw new IllegalArgumentException("unsupported key type");
	}

	private AuthorityMapping authorityMapping(String prefix, JwtProperties.Issuer config, List<String> audiences) {
		JwtPreset preset = config.getPreset();
		JwtProperties.Roles roles = config.getRoles();
		List<ClaimPath> roleClaims;
		if (roles.getClaims() != null) {
			roleClaims = new ArrayList<>();
			for (int i = 0; i < roles.getClaims().size(); i++) {
				String path = roles.getClaims().get(i);
				try {
					roleClaims.add(ClaimPath.parse(path));
				}
				catch (IllegalArgumentException ex) {
					String property = prefix + ".roles.claims[" + i + "]";
					throw new ApiSecConfigurationException(property,
							"'" + path + "' is not a claim path: " + ex.getMessage(),
							"Use a dotted path such as realm_access.roles, or brackets for names with dots: "
									+ "['https://example.com/roles'].");
				}
			}
		}
		else if (preset != null) {
			roleClaims = preset.roleClaims(audiences);
		}
		else {
			roleClaims = JwtPreset.DEFAULT_ROLE_CLAIMS.stream().map(ClaimPath::parse).toList();
		}
		JwtProperties.Scopes scopes = config.getScopes();
		List<String> scopeClaims;
		if (StringUtils.hasText(scopes.getClaim())) {
			scopeClaims = List.of(scopes.getClaim());
		}
		else {
			scopeClaims = (preset != null) ? preset.scopeClaims() : JwtPreset.DEFAULT_SCOPE_CLAIMS;
		}
		Map<String, String> mapping = (roles.getMapping() != null) ? roles.getMapping() : Map.of();
		RoleCase roleCase = (roles.getCase() != null) ? roles.getCase() : RoleCase.UPPER;
		return new AuthorityMapping(roleClaims, roles.getPrefix(), roleCase, mapping, scopeClaims, scopes.getPrefix());
	}

	private static URI uri(String property, String value) {
		try {
			URI uri = URI.create(value);
			if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
				return uri;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new ApiSecConfigurationException(property, "'" + value + "' is not an http(s) URL",
				"Set " + property + " to an absolute https URL of the identity provider.");
	}

	private JwksFetcher createFetcher() {
		JwtProperties.Jwks jwks = this.properties.getJwks();
		return new JwksFetcher(jwks.getConnectTimeout(), jwks.getReadTimeout(),
				(int) jwks.getMaxResponseSize().toBytes());
	}

	private static ScheduledExecutorService createScheduler(int threads) {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "apisec-jwks-refresh");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

}
