package dev.apisec.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cross-origin access for browsers: which origins may call which paths.
 */
@ConfigurationProperties("apisec.cors")
public class CorsProperties {

	/**
	 * CORS mappings; requests from origins no mapping allows get no CORS headers, and
	 * their preflights get 403.
	 */
	private List<Mapping> mappings = new ArrayList<>();

	public List<Mapping> getMappings() {
		return this.mappings;
	}

	public void setMappings(List<Mapping> mappings) {
		this.mappings = mappings;
	}

	/**
	 * One CORS mapping.
	 */
	public static class Mapping {

		/**
		 * Spring path patterns the mapping applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Exact allowed origins such as https://shop.example; "*" allows any origin but
		 * never together with credentials.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Allowed methods.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "HEAD", "POST"));

		/**
		 * Request headers the browser may send.
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("Authorization", "Content-Type"));

		/**
		 * Response headers the browser may read; by default the rate-limit headers.
		 */
		private List<String> exposedHeaders = new ArrayList<>(List.of("RateLimit", "RateLimit-Policy", "Retry-After",
				"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"));

		/**
		 * Whether the browser may send cookies and credentials.
		 */
		private boolean allowCredentials;

		/**
		 * How long browsers may cache a preflight answer.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
