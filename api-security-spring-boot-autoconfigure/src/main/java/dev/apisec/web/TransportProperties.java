package dev.apisec.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Transport rules: HTTPS only.
 */
@ConfigurationProperties("apisec.transport")
public class TransportProperties {

	/**
	 * Whether plain-HTTP requests are refused: GET and HEAD are redirected to HTTPS
	 * (308), other methods get 403. Behind a TLS-terminating proxy, list it in
	 * apisec.network.trusted-proxies so that its X-Forwarded-Proto counts.
	 */
	private boolean requireHttps;

	/**
	 * Port of the HTTPS redirect target.
	 */
	private int httpsPort = 443;

	public boolean isRequireHttps() {
		return this.requireHttps;
	}

	public void setRequireHttps(boolean requireHttps) {
		this.requireHttps = requireHttps;
	}

	public int getHttpsPort() {
		return this.httpsPort;
	}

	public void setHttpsPort(int httpsPort) {
		this.httpsPort = httpsPort;
	}

}
