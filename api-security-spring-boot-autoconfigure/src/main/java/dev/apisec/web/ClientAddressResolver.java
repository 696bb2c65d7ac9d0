package dev.apisec.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.apisec.support.ApiSecConfigurationException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
 * nearest untrusted hop of {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}, read
 * from the right. Headers from untrusted peers are ignored, so a client cannot mint new
 * identities by sending them. Every feature that needs the client's address uses this.
 */
public class ClientAddressResolver {

	private final List<IpAddressMatcher> trustedProxies;

	public ClientAddressResolver(List<String> trustedProxies) {
		List<IpAddressMatcher> matchers = new ArrayList<>();
		for (int i = 0; i < trustedProxies.size(); i++) {
			String cidr = trustedProxies.get(i).trim();
			int slash = cidr.indexOf('/');
			// IpAddressMatcher alone would read 10.1.2/24 as 10.1.0.2/24 and look some
			// non-literals such as 10.0.0.256 up in DNS.
			if (!isIpLiteral((slash >= 0) ? cidr.substring(0, slash) : cidr)) {
				throw invalidTrustedProxy(i, cidr);
			}
			try {
				matchers.add(new IpAddressMatcher(cidr));
			}
			catch (IllegalArgumentException ex) {
				throw invalidTrustedProxy(i, cidr);
			}
		}
		this.trustedProxies = List.copyOf(matchers);
	}

	private static ApiSecConfigurationException invalidTrustedProxy(int index, String cidr) {
		return new ApiSecConfigurationException("apisec.network.trusted-proxies[" + index + "]",
				"'" + cidr + "' is not an IP address or CIDR range",
				"Use an address such as 10.0.0.5 or a range such as 10.0.0.0/8 or fd00::/8; host names are "
						+ "not accepted.");
	}

	/**
	 * Return the client address of the request.
	 * @param request the request
	 * @return the client address, never {@code null}
	 */
	public String resolve(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		if (this.trustedProxies.isEmpty() || !isTrusted(peer)) {
			return peer;
		}
		List<String> hops = forwardedHops(request);
		String client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (!isIpLiteral(hop)) {
				// Garbage in a hop: stop at the last address we can vouch for.
				return client;
			}
			client = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return client;
	}

	/**
	 * Return whether the address is one of the trusted proxies.
	 * @param address an IP address
	 * @return whether it is trusted
	 */
	public boolean isTrustedProxy(String address) {
		return !this.trustedProxies.isEmpty() && isTrusted(address);
	}

	private boolean isTrusted(String address) {
		if (!isIpLiteral(address)) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trustedProxies) {
			if (matcher.matches(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> forwardedHops(HttpServletRequest request) {
		List<String> hops = new ArrayList<>();
		var forwarded = request.getHeaders("Forwarded");
		if (forwarded != null && forwarded.hasMoreElements()) {
			while (forwarded.hasMoreElements()) {
				for (String element : forwarded.nextElement().split(",")) {
					hops.add(forwardedFor(element));
				}
			}
			return hops;
		}
		var xff = request.getHeaders("X-Forwarded-For");
		while (xff != null && xff.hasMoreElements()) {
			for (String hop : xff.nextElement().split(",")) {
				hops.add(stripPort(hop.trim()));
			}
		}
		return hops;
	}

	private static String forwardedFor(String element) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
				String value = pair.substring(equals + 1).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return stripPort(value);
			}
		}
		return "";
	}

	private static String stripPort(String value) {
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			return (end > 0) ? value.substring(1, end) : value;
		}
		int colon = value.indexOf(':');
		if (colon > 0 && value.indexOf(':', colon + 1) < 0) {
			return value.substring(0, colon);
		}
		return value;
	}

	static boolean isIpLiteral(String value) {
		if (value == null || value.isEmpty() || value.length() > 45) {
			return false;
		}
		boolean colon = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ':') {
				colon = true;
			}
			else if (!((c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
				return false;
			}
		}
		if (!colon) {
			String[] parts = value.split("\\.", -1);
			if (parts.length != 4) {
				return false;
			}
			for (String part : parts) {
				if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
						|| Integer.parseInt(part) > 255) {
					return false;
				}
			}
		}
		return true;
	}

}
