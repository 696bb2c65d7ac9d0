package dev.apisec.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Address and country rules on the resolved client address.
 */
@ConfigurationProperties("apisec")
public class IpRulesProperties {

	/**
	 * IP rules; every rule whose paths match a request must let it through.
	 */
	private List<Rule> ipRules = new ArrayList<>();

	public List<Rule> getIpRules() {
		return this.ipRules;
	}

	public void setIpRules(List<Rule> ipRules) {
		this.ipRules = ipRules;
	}

	/**
	 * One IP rule.
	 */
	public static class Rule {

		/**
		 * Spring path patterns the rule applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Addresses or CIDR ranges (IPv4 or IPv6) allowed; when set, every other address
		 * is refused.
		 */
		private List<String> allow = new ArrayList<>();

		/**
		 * Addresses or CIDR ranges refused.
		 */
		private List<String> deny = new ArrayList<>();

		/**
		 * ISO 3166 country codes allowed; when set, other and unknown countries are
		 * refused.
		 */
		private List<String> allowCountries = new ArrayList<>();

		/**
		 * ISO 3166 country codes refused.
		 */
		private List<String> denyCountries = new ArrayList<>();

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

		public List<String> getAllowCountries() {
			return this.allowCountries;
		}

		public void setAllowCountries(List<String> allowCountries) {
			this.allowCountries = allowCountries;
		}

		public List<String> getDenyCountries() {
			return this.denyCountries;
		}

		public void setDenyCountries(List<String> denyCountries) {
			this.denyCountries = denyCountries;
		}

	}

}
