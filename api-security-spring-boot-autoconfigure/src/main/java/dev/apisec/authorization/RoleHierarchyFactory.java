package dev.apisec.authorization;

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

	static RoleHierarchy create(List<String> entries) {
		StringBuilder hierarchy = new StringBuilder();
		for (int i = 0; i < entries.size(); i++) {
			String entry = entries.get(i);
			String[] roles = (entry != null) ? entry.split(">") : new String[0];
			if (roles.length < 2) {
				throw invalid(i, entry);
			}
			for (int j = 0; j < roles.length; j++) {
				String role = roles[j].trim();
				if (role.isEmpty() || role.chars().anyMatch(Character::isWhitespace)) {
					throw invalid(i, entry);
				}
				hierarchy.append((j > 0) ? " > " : "").append(role.startsWith("ROLE_") ? role : "ROLE_" + role);
			}
			hierarchy.append('\n');
		}
		return RoleHierarchyImpl.fromHierarchy(hierarchy.toString());
	}

	private static ApiSecConfigurationException invalid(int index, String entry) {
		String property = "apisec.authorization.role-hierarchy[" + index + "]";
		return new ApiSecConfigurationException(property, "'" + entry + "' is not a role hierarchy entry",
				"Write each entry as 'HIGHER > LOWER', e.g. 'ADMIN > USER'; chains like 'ADMIN > STAFF > USER' work too.");
	}

}
