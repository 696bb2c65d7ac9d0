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
	 * Addresses or CIDR ranges of reverse proxies whose client-address header is
	 * believed; from any other peer forwarded headers are ignored.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Header in which the trusted proxies name the client and its protocol:
	 * x-forwarded-for (with X-Forwarded-Proto) or forwarded (RFC 7239); the other one is
	 * never read.
	 */
	private ClientAddressHeader clientAddressHeader = ClientAddressHeader.X_FORWARDED_FOR;

	/**
	 * Header in which a trusted proxy or CDN names the client's country (e.g.
	 * CF-IPCountry), for country IP rules.
	 */
	private String countryHeader;

	public String getCountryHeader() {
		return this.countryHeader;
	}

	public void setCountryHeader(String countryHeader) {
		this.countryHeader = countryHeader;
	}

	public ClientAddressHeader getClientAddressHeader() {
		return this.clientAddressHeader;
	}

	public void setClientAddressHeader(ClientAddressHeader clientAddressHeader) {
		this.clientAddressHeader = clientAddressHeader;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

}
