package dev.apisec.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
 * the nearest untrusted hop of the one header that
 * {@code apisec.network.client-address-header} names ({@code X-Forwarded-For} by default,
 * or {@code Forwarded} of RFC 7239), read from the right. The other header is never read:
 * a proxy that appends to one passes the other through as the client wrote it. Headers
 * from untrusted peers are ignored, so a client cannot mint new identities by sending
 * them. A hop that is not an IP address (with an optional port, IPv6 in brackets) stops
 * the walk at the last address that could be vouched for. Every feature that needs the
 * client's address uses this.
 */
public class ClientAddressResolver {

	private static final String RESOLVED_ATTRIBUTE = ClientAddressResolver.class.getName() + ".resolved";

	private final List<IpAddressMatcher> trustedProxies;

	private final ClientAddressHeader header;

	/**
	 * Create a resolver that reads {@code X-Forwarded-For} from the given proxies.
	 * @param trustedProxies addresses or CIDR ranges of the trusted proxies
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		this(trustedProxies, ClientAddressHeader.X_FORWARDED_FOR);
	}

	/**
	 * Create a resolver that reads the given header from the given proxies.
	 * @param trustedProxies addresses or CIDR ranges of the trusted proxies
	 * @param header the header in which the trusted proxies name the client
	 */
	public ClientAddressResolver(List<String> trustedProxies, ClientAddressHeader header) {
		if (header == null) {
			throw new ApiSecConfigurationException("apisec.network.client-address-header", "no header is set",
					"Set it to x-forwarded-for (the default) or forwarded, whichever your proxy writes.");
		}
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
		this.header = header;
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
		String peer = withoutZone(request.getRemoteAddr());
		if (!isTrustedProxy(peer)) {
			return peer;
		}
		// Rate limiting, IP rules, the API-key failure limit and audit all ask; the
		// header is read once per request and peer.
		if (request.getAttribute(RESOLVED_ATTRIBUTE) instanceof Resolved resolved && resolved.resolver() == this
				&& resolved.peer().equals(peer)) {
			return resolved.address();
		}
		List<String> hops = hops(request, this.header.headerName());
		int client = clientHop(hops);
		String address = (client >= 0) ? address(hops.get(client)) : peer;
		request.setAttribute(RESOLVED_ATTRIBUTE, new Resolved(this, peer, address));
		return address;
	}

	/**
	 * Return whether a trusted proxy received the request over HTTPS: with
	 * {@code Forwarded}, the {@code proto} of the element that names the resolved client;
	 * with {@code X-Forwarded-For}, {@code X-Forwarded-Proto} when each of its values is
	 * {@code https} (a proxy that appends cannot be overruled by what the client sent).
	 * @param request the request
	 * @return whether the forwarded protocol is HTTPS
	 */
	boolean isForwardedHttps(HttpServletRequest request) {
		if (!isTrustedProxy(withoutZone(request.getRemoteAddr()))) {
			return false;
		}
		if (this.header == ClientAddressHeader.FORWARDED) {
			List<String> hops = hops(request, this.header.headerName());
			int client = clientHop(hops);
			return client >= 0 && "https".equalsIgnoreCase(parameter(hops.get(client), "proto"));
		}
		List<String> protocols = hops(request, "X-Forwarded-Proto");
		if (protocols.isEmpty()) {
			return false;
		}
		for (String protocol : protocols) {
			if (!protocol.trim().equalsIgnoreCase("https")) {
				return false;
			}
		}
		return true;
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

	/**
	 * Index of the hop that names the client: the nearest untrusted one from the right,
	 * the leftmost when all are trusted, or the last well-formed one before a malformed
	 * hop; -1 when the rightmost hop is already malformed (the peer is then the client).
	 */
	private int clientHop(List<String> hops) {
		int client = -1;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String address = address(hops.get(i));
			if (address == null) {
				return client;
			}
			client = i;
			if (!isTrusted(address)) {
				return i;
			}
		}
		return client;
	}

	private String address(String hop) {
		return hostOf((this.header == ClientAddressHeader.FORWARDED) ? parameter(hop, "for") : hop.trim());
	}

	private static List<String> hops(HttpServletRequest request, String name) {
		List<String> hops = new ArrayList<>();
		Enumeration<String> values = request.getHeaders(name);
		while (values != null && values.hasMoreElements()) {
			Collections.addAll(hops, values.nextElement().split(",", -1));
		}
		return hops;
	}

	/** The address this resolver resolved for a request from a trusted proxy. */
	private record Resolved(ClientAddressResolver resolver, String peer, String address) {
	}

	/** The value of a parameter of one {@code Forwarded} element, unquoted, or null. */
	private static String parameter(String element, String name) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
				String value = pair.substring(equals + 1).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return value;
			}
		}
		return null;
	}

	/**
	 * The IP address of a hop ({@code 192.0.2.1}, {@code 192.0.2.1:8080},
	 * {@code 2001:db8::1}, {@code [2001:db8::1]}, {@code [2001:db8::1]:8080}), or null
	 * when it is anything else.
	 */
	private static String hostOf(String hop) {
		if (hop == null) {
			return null;
		}
		String host = hop;
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			if (end < 0 || !isPortSuffix(hop.substring(end + 1))) {
				return null;
			}
			host = hop.substring(1, end);
			if (host.indexOf(':') < 0) {
				return null;
			}
		}
		else {
			int colon = hop.indexOf(':');
			if (colon >= 0 && hop.indexOf(':', colon + 1) < 0) {
				if (!isPortSuffix(hop.substring(colon))) {
					return null;
				}
				host = hop.substring(0, colon);
			}
		}
		return isIpLiteral(host) ? host : null;
	}

	private static boolean isPortSuffix(String value) {
		if (value.isEmpty()) {
			return true;
		}
		if (value.charAt(0) != ':' || value.length() < 2 || value.length() > 6) {
			return false;
		}
		for (int i = 1; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * The address without an IPv6 zone ({@code fe80::1%eth0}), which names a local
	 * interface.
	 */
	private static String withoutZone(String address) {
		int percent = (address != null) ? address.indexOf('%') : -1;
		return (percent > 0 && address.indexOf(':') >= 0) ? address.substring(0, percent) : address;
	}

	/**
	 * Return whether the value is an IPv4 address in dotted-quad form (no leading zeros,
	 * which some parsers read as octal) or an IPv6 address (RFC 4291 text form, an IPv4
	 * tail included, no zone): the only strings that may reach {@link IpAddressMatcher},
	 * which throws on anything else or looks it up in DNS.
	 * @param value the value
	 * @return whether it is an IP address literal
	 */
	static boolean isIpLiteral(String value) {
		if (value == null || value.isEmpty() || value.length() > 45) {
			return false;
		}
		return (value.indexOf(':') >= 0) ? isIpv6(value) : isIpv4(value);
	}

	private static boolean isIpv4(String value) {
		String[] parts = value.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
				return false;
			}
			for (int i = 0; i < part.length(); i++) {
				if (part.charAt(i) < '0' || part.charAt(i) > '9') {
					return false;
				}
			}
			if (Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static boolean isIpv6(String value) {
		int gap = value.indexOf("::");
		if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
			return false;
		}
		int groups;
		if (gap < 0) {
			groups = groups(value, true);
		}
		else {
			int left = (gap == 0) ? 0 : groups(value.substring(0, gap), false);
			int right = (gap + 2 == value.length()) ? 0 : groups(value.substring(gap + 2), true);
			groups = (left < 0 || right < 0) ? -1 : left + right;
		}
		return (gap < 0) ? groups == 8 : (groups >= 0 && groups <= 7);
	}

	/**
	 * Number of 16-bit groups in colon-separated hex groups (an IPv4 tail counts 2), or
	 * -1.
	 */
	private static int groups(String value, boolean ipv4TailAllowed) {
		String[] parts = value.split(":", -1);
		int groups = 0;
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (ipv4TailAllowed && i == parts.length - 1 && part.indexOf('.') >= 0) {
				if (!isIpv4(part)) {
					return -1;
				}
				groups += 2;
			}
			else {
				if (part.isEmpty() || part.length() > 4) {
					return -1;
				}
				for (int j = 0; j < part.length(); j++) {
					char c = part.charAt(j);
					if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
						return -1;
					}
				}
				groups++;
			}
		}
		return groups;
	}

}
