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

	/**
	 * Header in which a trusted proxy or CDN names the client's country (e.g. CF-IPCountry),
	 * for country IP rules.
	 */
	private String countryHeader;

	public String getCountryHeader() {
		return this.countryHeader;
	}

	public void setCountryHeader(String countryHeader) {
		this.countryHeader = countryHeader;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

}
