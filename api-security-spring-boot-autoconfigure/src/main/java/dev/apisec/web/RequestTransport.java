package dev.apisec.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request came over HTTPS: the connection itself, or, behind a TLS-terminating
 * proxy, what the trusted proxy says in the header of
 * {@code apisec.network.client-address-header}: {@code X-Forwarded-Proto} with
 * {@code x-forwarded-for}, the {@code proto=} of the {@code Forwarded} element that names
 * the client with {@code forwarded}. From any other peer, and in the other header, a
 * claim of HTTPS counts for nothing.
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
		return request.isSecure() || this.addresses.isForwardedHttps(request);
	}

}
