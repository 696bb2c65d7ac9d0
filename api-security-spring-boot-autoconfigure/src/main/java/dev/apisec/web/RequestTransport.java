package dev.apisec.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request came over HTTPS: the connection itself, or, behind a TLS-terminating
 * proxy, its {@code X-Forwarded-Proto} (or {@code Forwarded: proto=}) when the peer is a
 * trusted proxy. From any other peer those headers count for nothing.
 */
public class RequestTransport {

	private final ClientAddressResolver addresses;

	public RequestTransport(ClientAddressResolver addresses) {
		this.addresses = addresses;
	}

	/**
	 * Return whether the request came over HTTPS.
	 * @param request the request
	 * @return whether it is secure
	 */
	public boolean isSecure(HttpServletRequest request) {
		if (request.isSecure()) {
			return true;
		}
		if (!this.addresses.isTrustedProxy(request.getRemoteAddr())) {
			return false;
		}
		String forwarded = request.getHeader("Forwarded");
		if (forwarded != null) {
			for (String pair : forwarded.split("[;,]")) {
				String trimmed = pair.trim().toLowerCase(Locale.ROOT);
				if (trimmed.startsWith("proto=")) {
					return trimmed.substring("proto=".length()).replace("\"", "").equals("https");
				}
			}
		}
		String proto = request.getHeader("X-Forwarded-Proto");
		if (proto == null) {
			return false;
		}
		int comma = proto.indexOf(',');
		return (comma >= 0 ? proto.substring(0, comma) : proto).trim().equalsIgnoreCase("https");
	}

}
