package dev.apisec.jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes role and scope mapping: claim paths parsed from arbitrary text, and
 * {@link AuthorityMapping} over arbitrary claim maps (nested objects and arrays, numbers,
 * booleans, nulls, any strings). A bad claim path is only ever an
 * {@link IllegalArgumentException}; mapping never throws; every authority carries the
 * role or scope prefix; claims that are not configured never change the authorities; and
 * case conversion never turns a non-ASCII value into an ASCII role name (so "adm\u0131n"
 * with a dotless i can never become ADMIN).
 * <p>
 * Seeds: {@code src/test/resources/dev/apisec/jwt/AuthorityMappingFuzzTestsInputs}.
 */
class AuthorityMappingFuzzTests {

	private static final String[] PATHS = { "roles", "realm_access.roles", "resource_access['my.client'].roles",
			"['https://example.com/roles']", "groups", "['cognito:groups']" };

	private static final Set<String> SCOPE_CLAIMS = Set.of("scope", "scp");

	// Characters whose Unicode case mapping leaves or enters ASCII: dotless i, long s,
	// Kelvin sign.
	@DictionaryEntries({ "\u0131", "\u017f", "\u212a", "admin" })
	@FuzzTest(maxDuration = "10s")
	void mapsOnlyConfiguredStringClaimsToPrefixedAuthorities(FuzzedDataProvider data) {
		ClaimPath path = claimPath(data.consumeBoolean() ? data.pickValue(PATHS) : data.consumeString(40));
		RoleCase roleCase = data.pickValue(RoleCase.values());
		Map<String, String> mapping = data.consumeBoolean() ? Map.of("admins", "ADMIN", "ops", "admin") : Map.of();
		List<ClaimPath> roleClaims = (path != null) ? List.of(path) : List.of(ClaimPath.parse("roles"));
		AuthorityMapping authorityMapping = new AuthorityMapping(roleClaims, "ROLE_", roleCase, mapping,
				List.copyOf(SCOPE_CLAIMS), "SCOPE_");
		Map<String, Object> claims = claims(data, roleClaims.get(0));

		Collection<GrantedAuthority> authorities = authorityMapping.authorities(claims);

		Set<String> names = authorities.stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
		assertThat(names).hasSameSizeAs(authorities)
			.allMatch((name) -> name.startsWith("ROLE_") || name.startsWith("SCOPE_"));
		assertThat(authorityMapping.authorities(configuredOnly(claims, roleClaims.get(0)))
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.toSet())).as("authorities from the configured claims alone").isEqualTo(names);
		List<String> sources = strings(roleClaims.get(0).resolve(claims));
		for (String name : names) {
			if (name.startsWith("ROLE_") && isAscii(name)) {
				assertThat(sources).as("source of %s", name).anyMatch(AuthorityMappingFuzzTests::isAscii);
			}
		}
	}

	/**
	 * Parse a claim path: a bad one is only ever an {@link IllegalArgumentException}, and
	 * a good one resolves against any claims without throwing.
	 */
	private static ClaimPath claimPath(String text) {
		try {
			return ClaimPath.parse(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Arbitrary claims, often with a value at the configured path and a scope claim. */
	private static Map<String, Object> claims(FuzzedDataProvider data, ClaimPath path) {
		Map<String, Object> claims = new LinkedHashMap<>();
		int extra = data.consumeInt(0, 4);
		for (int i = 0; i < extra; i++) {
			claims.put(data.consumeBoolean() ? data.pickValue(PATHS) : data.consumeString(12), value(data, 0));
		}
		if (data.consumeBoolean()) {
			claims.put(data.pickValue(SCOPE_CLAIMS), value(data, 0));
		}
		if (data.consumeBoolean()) {
			place(claims, path.segments(), value(data, 0));
		}
		return claims;
	}

	@SuppressWarnings("unchecked")
	private static void place(Map<String, Object> claims, List<String> segments, Object value) {
		Map<String, Object> current = claims;
		for (int i = 0; i < segments.size() - 1; i++) {
			Object next = current.get(segments.get(i));
			if (!(next instanceof Map)) {
				next = new LinkedHashMap<String, Object>();
				current.put(segments.get(i), next);
			}
			current = (Map<String, Object>) next;
		}
		current.put(segments.get(segments.size() - 1), value);
	}

	private static Map<String, Object> configuredOnly(Map<String, Object> claims, ClaimPath path) {
		Map<String, Object> result = new LinkedHashMap<>();
		for (Map.Entry<String, Object> claim : claims.entrySet()) {
			if (SCOPE_CLAIMS.contains(claim.getKey()) || claim.getKey().equals(path.segments().get(0))) {
				result.put(claim.getKey(), claim.getValue());
			}
		}
		return result;
	}

	private static Object value(FuzzedDataProvider data, int depth) {
		return switch (data.consumeInt(0, (depth < 6) ? 7 : 4)) {
			case 0 -> null;
			case 1 -> data.consumeBoolean();
			case 2 -> data.consumeLong();
			case 3, 4 -> data.consumeString(24);
			case 5 -> {
				List<Object> list = new ArrayList<>();
				int size = data.consumeInt(0, 4);
				for (int i = 0; i < size; i++) {
					list.add(value(data, depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> map = new LinkedHashMap<>();
				int size = data.consumeInt(0, 3);
				for (int i = 0; i < size; i++) {
					map.put(data.consumeString(12), value(data, depth + 1));
				}
				yield map;
			}
		};
	}

	/**
	 * Every string a role claim value holds: the parts of a string, the elements of an
	 * array.
	 */
	private static List<String> strings(Object value) {
		List<String> result = new ArrayList<>();
		if (value instanceof String text) {
			result.addAll(List.of(text.split("[\\s,]+")));
		}
		else if (value instanceof Collection<?> values) {
			values.stream().filter(String.class::isInstance).map(String.class::cast).forEach(result::add);
		}
		return result;
	}

	private static boolean isAscii(String text) {
		return text.chars().allMatch((c) -> c < 128);
	}

}
