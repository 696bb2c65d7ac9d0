package dev.apisec.web;

import java.util.function.Predicate;

/**
 * A check of header names, header values or parameter names for Spring Security's
 * {@code StrictHttpFirewall} that accepts a string of printable ASCII (and tab, if
 * allowed) at once, and asks the firewall's own predicate about any other string.
 * Printable ASCII characters are assigned and not control characters, so the answer is
 * the fallback's for every string; only the fallback's Unicode-category regular
 * expression is skipped.
 */
final class AsciiFirstPredicate implements Predicate<String> {

	private final boolean allowTab;

	private final Predicate<String> fallback;

	AsciiFirstPredicate(boolean allowTab, Predicate<String> fallback) {
		this.allowTab = allowTab;
		this.fallback = fallback;
	}

	@Override
	public boolean test(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 || c > 0x7e) && !(c == '\t' && this.allowTab)) {
				return this.fallback.test(value);
			}
		}
		return true;
	}

}
