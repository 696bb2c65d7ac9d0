package dev.apisec.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.apisec.audit.ApiSecAuthentication;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.jwt.ClaimPath;
import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The configured policies, validated at startup: a bad policy fails startup naming its
 * property.
 *
 * @param policies the policies in configuration order
 */
public record RateLimitPolicies(List<RateLimitPolicy> policies) {

	private static final String PREFIX = "apisec.rate-limit.policies";

	/**
	 * Header an API key is read from when API-key authentication did not provide a key
	 * id.
	 */
	static final String API_KEY_HEADER = "X-API-Key";

	private static final int MAX_KEY_LENGTH = 128;

	/** Names of policies and limits, which appear in headers and metrics. */
	private static final String NAME = "[A-Za-z0-9._-]{1,64}";

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private static final boolean JWT_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken",
			RateLimitPolicies.class.getClassLoader());

	public RateLimitPolicies {
		policies = List.copyOf(policies);
	}

	/**
	 * Validate and compile the configured policies.
	 * @param properties the properties
	 * @return the policies
	 */
	public static RateLimitPolicies from(RateLimitProperties properties) {
		List<RateLimitPolicy> policies = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < properties.getPolicies().size(); i++) {
			RateLimitPolicy policy = policy(PREFIX + "[" + i + "]", properties.getPolicies().get(i));
			if (!names.add(policy.getName())) {
				throw new ApiSecConfigurationException(PREFIX + "[" + i + "].name",
						"the policy name '" + policy.getName() + "' is used twice",
						"Give every rate-limit policy its own name.");
			}
			policies.add(policy);
		}
		return new RateLimitPolicies(policies);
	}

	/**
	 * Return the longest period of all limits, after which an idle bucket is full again.
	 * @return the longest period
	 */
	Duration longestPeriod() {
		return this.policies.stream()
			.map(RateLimitPolicy::longestPeriod)
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	private static RateLimitPolicy policy(String prefix, RateLimitProperties.Policy config) {
		String name = config.getName();
		if (!StringUtils.hasText(name) || !name.matches(NAME)) {
			throw new ApiSecConfigurationException(prefix + ".name", "'" + name + "' is not a policy name",
					"Name the policy with 1 to 64 letters, digits, '.', '_' or '-' (it appears in headers and metrics).");
		}
		if (config.getPaths() == null || config.getPaths().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".paths", "the policy '" + name + "' has no paths",
					"Set " + prefix + ".paths to one or more path patterns such as /api/**.");
		}
		for (int i = 0; i < config.getPaths().size(); i++) {
			RequestPatterns.validatePattern(prefix + ".paths[" + i + "]", config.getPaths().get(i));
		}
		Set<HttpMethod> methods = new LinkedHashSet<>();
		for (int i = 0; i < config.getMethods().size(); i++) {
			methods.add(RequestPatterns.parseMethod(prefix + ".methods[" + i + "]", config.getMethods().get(i)));
		}
		if (config.getLimits() == null || config.getLimits().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".limits", "the policy '" + name + "' has no limits",
					"Add at least one limit, e.g. " + prefix + ".limits[0].capacity=100 and " + prefix
							+ ".limits[0].period=1m.");
		}
		List<RateLimitPolicy.Limit> limits = new ArrayList<>();
		for (int i = 0; i < config.getLimits().size(); i++) {
			RateLimitProperties.Limit limit = config.getLimits().get(i);
			String limitPrefix = prefix + ".limits[" + i + "]";
			if (limit.getCapacity() < 1) {
				throw new ApiSecConfigurationException(limitPrefix + ".capacity", "the capacity must be at least 1",
						"Set " + limitPrefix + ".capacity to the requests allowed per period.");
			}
			if (limit.getPeriod() == null || limit.getPeriod().toMillis() < 1) {
				throw new ApiSecConfigurationException(limitPrefix + ".period", "the period must be positive",
						"Set " + limitPrefix + ".period to a duration such as 1s, 1m or 1h.");
			}
			if (StringUtils.hasText(limit.getName()) && !limit.getName().matches(NAME)) {
				// Written inside a quoted string of the RateLimit headers, like the
				// policy name.
				throw new ApiSecConfigurationException(limitPrefix + ".name",
						"'" + limit.getName() + "' is not a limit name",
						"Name the limit with 1 to 64 letters, digits, '.', '_' or '-' (it appears in headers), or "
								+ "leave it unset.");
			}
			String limitName = StringUtils.hasText(limit.getName()) ? limit.getName()
					: (config.getLimits().size() == 1) ? name : name + "-" + i;
			limits.add(new RateLimitPolicy.Limit(limitName, limit.getCapacity(), limit.getPeriod()));
		}
		long maxCapacity = limits.stream().mapToLong(RateLimitPolicy.Limit::capacity).min().orElse(1);
		if (config.getCost() < 1 || config.getCost() > maxCapacity) {
			throw new ApiSecConfigurationException(prefix + ".cost",
					"the cost " + config.getCost() + " must be between 1 and the smallest capacity (" + maxCapacity
							+ ")",
					"Set " + prefix
							+ ".cost to the tokens one request takes, no more than the smallest limit's capacity.");
		}
		return new RateLimitPolicy(name, RequestPatterns.matcher(config.getPaths(), methods),
				keyResolver(prefix + ".key", config.getKey()), limits, config.getCost());
	}

	static RateLimitKeyResolver keyResolver(String property, String key) {
		String kind = (key != null) ? key.trim() : "";
		String lower = kind.toLowerCase(Locale.ROOT);
		if (lower.equals("ip")) {
			return (request, authentication) -> null;
		}
		if (lower.equals("principal")) {
			return (request, authentication) -> isAuthenticated(authentication)
					? "principal:" + authentication.getName() : null;
		}
		if (lower.equals("api-key")) {
			// The key id (the name of an API-key authentication) of an authenticated API
			// key; otherwise the key's hash, never the key itself (nor in a Redis key).
			return (request, authentication) -> isApiKey(authentication) ? "api-key:" + authentication.getName()
					: sha256("api-key:", request.getHeader(API_KEY_HEADER));
		}
		if (lower.startsWith("header:") && kind.length() > "header:".length()) {
			String header = kind.substring("header:".length()).trim();
			return (request, authentication) -> hashed("header:", request.getHeader(header));
		}
		if (lower.startsWith("claim:") && kind.length() > "claim:".length() && JWT_PRESENT) {
			ClaimPath path;
			try {
				path = ClaimPath.parse(kind.substring("claim:".length()).trim());
			}
			catch (IllegalArgumentException ex) {
				throw invalidKey(property, key);
			}
			return (request, authentication) -> claim(authentication, path);
		}
		throw invalidKey(property, key);
	}

	private static ApiSecConfigurationException invalidKey(String property, String key) {
		return new ApiSecConfigurationException(property, "'" + key + "' is not a rate-limit key",
				"Use ip, principal, api-key, header:<name> or claim:<path> (e.g. claim:tenant or "
						+ "claim:realm_access.roles).");
	}

	private static boolean isApiKey(Authentication authentication) {
		return authentication instanceof ApiSecAuthentication apiSec
				&& SecurityEvent.API_KEY.equals(apiSec.getAuthenticationMethod()) && apiSec.isAuthenticated();
	}

	private static boolean isAuthenticated(Authentication authentication) {
		return authentication != null && trustResolver.isAuthenticated(authentication)
				&& StringUtils.hasText(authentication.getName());
	}

	private static String claim(Authentication authentication, ClaimPath path) {
		if (!isAuthenticated(authentication) || !(authentication instanceof JwtAuthenticationToken jwt)) {
			return null;
		}
		Object value = path.resolve(jwt.getTokenAttributes());
		return (value instanceof String || value instanceof Number || value instanceof Boolean)
				? hashed("claim:", value.toString()) : null;
	}

	/**
	 * Keep client-chosen values short in keys: long values are replaced by their SHA-256.
	 */
	private static String hashed(String prefix, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		if (value.length() <= MAX_KEY_LENGTH) {
			return prefix + value;
		}
		return sha256(prefix, value);
	}

	private static String sha256(String prefix, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return prefix + "sha256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Resolve the request's key for a policy, falling back to the client address.
	 */
	static String key(RateLimitPolicy policy, HttpServletRequest request, Authentication authentication,
			String clientAddress) {
		String key = policy.keyResolver().resolve(request, authentication);
		return (key != null) ? key : "ip:" + clientAddress;
	}

}
