package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.apisec.jwt.JwtProperties;
import dev.apisec.jwt.RoleCase;
import dev.apisec.support.ApiSecConfigurationException;

/**
 * The names under which a role of a rule, of the role hierarchy or of the actuator is
 * compared with the roles a caller holds: as written (API keys, client certificates and
 * other authentications keep their roles as configured) and as each JWT issuer's
 * {@code roles.case} converts it, so that {@code roles: [inventory-reader]} matches the
 * {@code ROLE_INVENTORY-READER} an upper-casing issuer makes of the token's
 * {@code inventory-reader}. Computed once at startup: requests compare plain strings.
 * <p>
 * Issuers with different case conversions would make a role such as {@code admin} stand
 * for {@code ADMIN} with one and {@code admin} with the other, which would let the second
 * issuer's distinct {@code ADMIN} role in; such a role is refused at startup.
 */
final class RoleNameForms {

	private static final String ISSUERS = JwtProperties.ISSUERS_PROPERTY;

	/** Forms of a role as written only: no issuer is configured. */
	static final RoleNameForms AS_WRITTEN = new RoleNameForms(List.of());

	/** Case conversion of each configured issuer, by index. */
	private final List<RoleCase> issuerCases;

	/** The distinct conversions that change a name. */
	private final Set<RoleCase> conversions;

	private RoleNameForms(List<RoleCase> issuerCases) {
		this.issuerCases = List.copyOf(issuerCases);
		Set<RoleCase> conversions = EnumSet.noneOf(RoleCase.class);
		conversions.addAll(issuerCases);
		conversions.remove(RoleCase.UNCHANGED);
		this.conversions = conversions;
	}

	/**
	 * The forms of the configured issuers.
	 * @param properties the JWT properties, or {@code null} when JWT validation is off
	 * @return the forms
	 */
	static RoleNameForms of(JwtProperties properties) {
		if (properties == null || properties.getIssuers() == null || properties.getIssuers().isEmpty()) {
			return AS_WRITTEN;
		}
		List<RoleCase> cases = new ArrayList<>();
		for (JwtProperties.Issuer issuer : properties.getIssuers()) {
			RoleCase roleCase = (issuer != null) ? issuer.getRoles().getCase() : null;
			cases.add((roleCase != null) ? roleCase : RoleCase.UPPER);
		}
		return new RoleNameForms(cases);
	}

	/**
	 * Return the names a role is compared under, without prefix: as written first, then
	 * as each issuer's case conversion gives it.
	 * @param role the role without prefix
	 * @param owner what the role belongs to, for the startup failure, e.g. "rule
	 * 'orders'"
	 * @return the names, without duplicates
	 * @throws ApiSecConfigurationException if issuers with different case conversions
	 * would read the role differently
	 */
	List<String> forms(String role, String owner) {
		checkIssuersAgree(role, owner);
		if (this.conversions.isEmpty()) {
			return List.of(role);
		}
		Set<String> forms = new LinkedHashSet<>();
		forms.add(role);
		for (RoleCase conversion : this.conversions) {
			forms.add(conversion.apply(role));
		}
		return List.copyOf(forms);
	}

	/**
	 * Return the names of several roles, as {@link #forms(String, String)} gives each.
	 * @param roles the roles without prefix
	 * @param owner what the roles belong to
	 * @return the names, without duplicates
	 */
	List<String> forms(List<String> roles, String owner) {
		Set<String> forms = new LinkedHashSet<>();
		for (String role : roles) {
			forms.addAll(forms(role, owner));
		}
		return List.copyOf(forms);
	}

	/**
	 * Return a chain of roles (a role hierarchy entry) as written and as each issuer's
	 * case conversion gives it, so that the hierarchy also applies to converted roles.
	 * @param chain the roles of the entry without prefix, highest first
	 * @param owner what the chain belongs to
	 * @return the chains, without duplicates
	 */
	List<List<String>> chains(List<String> chain, String owner) {
		for (String role : chain) {
			checkIssuersAgree(role, owner);
		}
		Set<List<String>> chains = new LinkedHashSet<>();
		chains.add(List.copyOf(chain));
		for (RoleCase conversion : this.conversions) {
			chains.add(chain.stream().map(conversion::apply).toList());
		}
		return List.copyOf(chains);
	}

	private void checkIssuersAgree(String role, String owner) {
		if (this.issuerCases.isEmpty()) {
			return;
		}
		RoleCase first = this.issuerCases.get(0);
		String expected = first.apply(role);
		for (int i = 1; i < this.issuerCases.size(); i++) {
			RoleCase other = this.issuerCases.get(i);
			String converted = other.apply(role);
			if (!converted.equals(expected)) {
				throw new ApiSecConfigurationException(ISSUERS + "[" + i + "].roles.case",
						"the role '" + role + "' of " + owner + " would mean " + expected + " for " + ISSUERS
								+ "[0] (roles.case " + describe(first) + ") but " + converted + " for " + ISSUERS + "["
								+ i + "] (roles.case " + describe(other) + "), so the two issuers' roles would not be "
								+ "told apart",
						"Give every issuer the same roles.case (e.g. " + ISSUERS + "[" + i + "].roles.case="
								+ first.name().toLowerCase(Locale.ROOT) + "), or write the role so that both "
								+ "conversions agree, mapping the other issuer's role names with " + ISSUERS + "[" + i
								+ "].roles.mapping if needed.");
			}
		}
	}

	private static String describe(RoleCase roleCase) {
		return roleCase.name().toLowerCase(Locale.ROOT);
	}

}
