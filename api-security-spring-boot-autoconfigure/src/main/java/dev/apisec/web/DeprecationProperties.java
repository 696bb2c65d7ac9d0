package dev.apisec.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deprecated API paths: their responses announce the deprecation and the sunset.
 */
@ConfigurationProperties("apisec")
public class DeprecationProperties {

	/**
	 * Deprecated paths with their dates.
	 */
	private List<Deprecation> deprecations = new ArrayList<>();

	public List<Deprecation> getDeprecations() {
		return this.deprecations;
	}

	public void setDeprecations(List<Deprecation> deprecations) {
		this.deprecations = deprecations;
	}

	/**
	 * One deprecated set of paths.
	 */
	public static class Deprecation {

		/**
		 * Spring path patterns of the deprecated API.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Date from which the API is deprecated (Deprecation header).
		 */
		private LocalDate deprecatedSince;

		/**
		 * Date after which the API may stop working (Sunset header).
		 */
		private LocalDate sunset;

		/**
		 * URL of the migration guide, sent as a Link with rel="deprecation".
		 */
		private String link;

		/**
		 * Whether requests after the sunset date are answered 410 Gone.
		 */
		private boolean enforce;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public LocalDate getDeprecatedSince() {
			return this.deprecatedSince;
		}

		public void setDeprecatedSince(LocalDate deprecatedSince) {
			this.deprecatedSince = deprecatedSince;
		}

		public LocalDate getSunset() {
			return this.sunset;
		}

		public void setSunset(LocalDate sunset) {
			this.sunset = sunset;
		}

		public String getLink() {
			return this.link;
		}

		public void setLink(String link) {
			this.link = link;
		}

		public boolean isEnforce() {
			return this.enforce;
		}

		public void setEnforce(boolean enforce) {
			this.enforce = enforce;
		}

	}

}
