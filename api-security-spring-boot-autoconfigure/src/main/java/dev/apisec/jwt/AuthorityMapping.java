package dev.apisec.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * How one issuer's claims become authorities: role claims with mapping, case and prefix,
 * and scope claims with their prefix. Built once at startup from the issuer's properties
 * and its preset.
 */
final class AuthorityMapping {

	private final List<ClaimPath> roleClaims;

	private final String rolePrefix;

	private final RoleCase roleCase;

	private final Map<String, String> roleMapping;

	private final List<String> scopeClaims;

	private final String scopePrefix;

	AuthorityMapping(List<ClaimPath> roleClaims, String rolePrefix, RoleCase roleCase, Map<String, String> roleMapping,
			List<String> scopeClaims, String scopePrefix) {
		this.roleClaims = List.copyOf(roleClaims);
		this.rolePrefix = (rolePrefix != null) ? rolePrefix : "";
		this.roleCase = roleCase;
		this.roleMapping = Map.copyOf(roleMapping);
		this.scopeClaims = List.copyOf(scopeClaims);
		this.scopePrefix = (scopePrefix != null) ? scopePrefix : "";
	}

	static AuthorityMapping defaults() {
		return new AuthorityMapping(JwtPreset.DEFAULT_ROLE_CLAIMS.stream().map(ClaimPath::parse).toList(), "ROLE_",
				RoleCase.UPPER, Map.of(), JwtPreset.DEFAULT_SCOPE_CLAIMS, "SCOPE_");
	}

	List<ClaimPath> roleClaims() {
		return this.roleClaims;
	}

	List<String> scopeClaims() {
		return this.scopeClaims;
	}

	/**
	 * Compute the authorities for a token's claims.
	 * @param claims the claims
	 * @return roles then scopes, without duplicates
	 */
	Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
		Set<String> names = new LinkedHashSet<>();
		for (ClaimPath path : this.roleClaims) {
			for (String value : values(path.resolve(claims))) {
				String role = this.roleMapping.getOrDefault(value, value);
				role = this.roleCase.apply(role);
				names.add(role.startsWith(this.rolePrefix) ? role : this.rolePrefix + role);
			}
		}
		for (String claim : this.scopeClaims) {
			List<String> scopes = values(claims.get(claim));
			for (String scope : scopes) {
				names.add(this.scopePrefix + scope);
			}
			if (!scopes.isEmpty()) {
				break;
			}
		}
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		for (String name : names) {
			authorities.add(new SimpleGrantedAuthority(name));
		}
		return authorities;
	}

	// The separators of a space- or comma-separated claim: a comma or what \s matches.
	private static boolean isSeparator(char c) {
		return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
	}

	/**
	 * Read a claim value as strings: a JSON array, or a string separated by spaces or
	 * commas. Anything else (numbers, objects) yields nothing.
	 */
	private static List<String> values(Object value) {
		if (value instanceof String text) {
			// What text.split("[\\s,]+") would give, without compiling a pattern per
			// request.
			List<String> result = new ArrayList<>();
			int start = -1;
			for (int i = 0; i <= text.length(); i++) {
				boolean separator = i == text.length() || isSeparator(text.charAt(i));
				if (separator && start >= 0) {
					result.add(text.substring(start, i));
					start = -1;
				}
				else if (!separator && start < 0) {
					start = i;
				}
			}
			return result;
		}
		if (value instanceof Collection<?> collection) {
			List<String> result = new ArrayList<>(collection.size());
			for (Object element : collection) {
				if (element instanceof String text && !text.isBlank()) {
					result.add(text.trim());
				}
			}
			return result;
		}
		return List.of();
	}

}
