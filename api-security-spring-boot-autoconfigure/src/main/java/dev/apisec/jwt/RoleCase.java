package dev.apisec.jwt;

/**
 * Case conversion applied to role names read from a token. Only ASCII letters change
 * case: Unicode case mapping turns some other characters into ASCII ones (a dotless i
 * upper-cases to I, the Kelvin sign lower-cases to k), which would let a look-alike value
 * such as "adm\u0131n" become the role ADMIN.
 */
public enum RoleCase {

	/**
	 * Keep role names as the identity provider wrote them.
	 */
	UNCHANGED,

	/**
	 * Upper-case the ASCII letters of role names ("admin" becomes "ADMIN").
	 */
	UPPER,

	/**
	 * Lower-case the ASCII letters of role names.
	 */
	LOWER;

	/**
	 * Convert a role name, as the mapping of a token's roles does; authorization rules
	 * compare their roles under the same conversion.
	 * @param role the role name
	 * @return the converted name (the same instance when nothing changes)
	 */
	public String apply(String role) {
		return switch (this) {
			case UNCHANGED -> role;
			case UPPER -> convert(role, 'a', 'z');
			case LOWER -> convert(role, 'A', 'Z');
		};
	}

	private static String convert(String role, char first, char last) {
		char[] chars = null;
		for (int i = 0; i < role.length(); i++) {
			char c = role.charAt(i);
			if (c >= first && c <= last) {
				if (chars == null) {
					chars = role.toCharArray();
				}
				// 'a' - 'A' == 32: flipping that bit switches an ASCII letter's case.
				chars[i] = (char) (c ^ 0x20);
			}
		}
		return (chars != null) ? new String(chars) : role;
	}

}
