package dev.apisec.jwt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorityMappingTests {

	private final AuthorityMapping mapping = new AuthorityMapping(List.of(ClaimPath.parse("roles")), "ROLE_",
			RoleCase.UNCHANGED, Map.of(), List.of("scope"), "SCOPE_");

	@Test
	void splitsStringClaimsAtWhitespaceAndCommas() {
		assertThat(scopes("read write")).containsExactly("read", "write");
		assertThat(scopes(" read,, write\t\n")).containsExactly("read", "write");
		assertThat(scopes("a\u000bb\fc\rd")).containsExactly("a", "b", "c", "d");
		// A no-break space is not a separator, as with the regular expression \s.
		assertThat(scopes("a\u00a0b")).containsExactly("a\u00a0b");
		assertThat(scopes(" , ")).isEmpty();
		assertThat(scopes("")).isEmpty();
	}

	@Test
	void splitsLikeTheRegularExpressionItReplaces() {
		Random random = new Random(20261122);
		String alphabet = "ab:/ ,\t\n\u000b\f\r\u00a0\u2003";
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			for (int j = random.nextInt(10); j > 0; j--) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			List<String> expected = new ArrayList<>(Arrays.asList(text.toString().split("[\\s,]+")));
			expected.removeIf(String::isEmpty);
			// Authorities have no duplicates.
			assertThat(scopes(text.toString())).as("scopes of [%s]", text)
				.isEqualTo(expected.stream().distinct().toList());
		}
	}

	private List<String> scopes(String claim) {
		return this.mapping.authorities(Map.of("scope", claim))
			.stream()
			.map(GrantedAuthority::getAuthority)
			.map((name) -> name.substring("SCOPE_".length()))
			.toList();
	}

}
