package dev.apisec.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which network peers are trusted to say who the client is.
 */
@ConfigurationProperties("apisec.network")
public class NetworkProperties {

	/**
	 * Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and Forwarded headers
	 * are believed; from any other peer those headers are ignored.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

}
