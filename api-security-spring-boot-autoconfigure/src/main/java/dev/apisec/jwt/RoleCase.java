package dev.apisec.jwt;

import java.util.Locale;

/**
 * Case conversion applied to role names read from a token.
 */
public enum RoleCase {

	/**
	 * Keep role names as the identity provider wrote them.
	 */
	UNCHANGED,

	/**
	 * Upper-case role names ("admin" becomes "ADMIN").
	 */
	UPPER,

	/**
	 * Lower-case role names.
	 */
	LOWER;

	String apply(String role) {
		return switch (this) {
			case UNCHANGED -> role;
			case UPPER -> role.toUpperCase(Locale.ROOT);
			case LOWER -> role.toLowerCase(Locale.ROOT);
		};
	}

}
