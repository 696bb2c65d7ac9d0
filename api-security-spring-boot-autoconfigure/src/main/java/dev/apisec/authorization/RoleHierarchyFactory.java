package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/**
 * Builds the {@link RoleHierarchy} from entries such as {@code ADMIN > USER > GUEST}.
 */
final class RoleHierarchyFactory {

	private RoleHierarchyFactory() {
	}

	/**
	 * Build the hierarchy, each entry as written and as the JWT issuers' case conversion
	 * gives it.
	 * @param entries the entries
	 * @param forms the names a role is compared under
	 * @return the hierarchy
	 */
	static RoleHierarchy create(List<String> entries, RoleNameForms forms) {
		StringBuilder hierarchy = new StringBuilder();
		for (int i = 0; i < entries.size(); i++) {
			String entry = entries.get(i);
			String[] roles = (entry != null) ? entry.split(">") : new String[0];
			if (roles.length < 2) {
				throw invalid(i, entry);
			}
			List<String> chain = new ArrayList<>();
			for (String part : roles) {
				String role = part.trim();
				if (role.isEmpty() || role.chars().anyMatch(Character::isWhitespace)) {
					throw invalid(i, entry);
				}
				chain.add(role.startsWith("ROLE_") ? role.substring("ROLE_".length()) : role);
			}
			for (List<String> form : forms.chains(chain, "apisec.authorization.role-hierarchy[" + i + "]")) {
				for (int j = 0; j < form.size(); j++) {
					hierarchy.append((j > 0) ? " > " : "").append("ROLE_").append(form.get(j));
				}
				hierarchy.append('\n');
			}
		}
		return RoleHierarchyImpl.fromHierarchy(hierarchy.toString());
	}

	private static ApiSecConfigurationException invalid(int index, String entry) {
		String property = "apisec.authorization.role-hierarchy[" + index + "]";
		return new ApiSecConfigurationException(property, "'" + entry + "' is not a role hierarchy entry",
				"Write each entry as 'HIGHER > LOWER', e.g. 'ADMIN > USER'; chains like 'ADMIN > STAFF > USER' work too.");
	}

}
