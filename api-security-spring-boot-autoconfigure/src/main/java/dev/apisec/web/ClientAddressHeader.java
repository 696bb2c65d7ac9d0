package dev.apisec.web;

/**
 * The header in which trusted proxies name the client and the protocol it used
 * ({@code apisec.network.client-address-header}). Only that header is read: a proxy that
 * writes one of them passes the other through as the client sent it.
 */
public enum ClientAddressHeader {

	/**
	 * {@code X-Forwarded-For} for the address and {@code X-Forwarded-Proto} for the
	 * protocol, as nginx, Envoy, AWS load balancers and Cloudflare write them.
	 */
	X_FORWARDED_FOR("X-Forwarded-For"),

	/**
	 * {@code Forwarded} (RFC 7239): {@code for=} for the address and {@code proto=} for
	 * the protocol, of the same element.
	 */
	FORWARDED("Forwarded");

	private final String headerName;

	ClientAddressHeader(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * Return the name of the header that names the client.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

}
