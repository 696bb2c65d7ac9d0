package dev.apisec.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security headers written on every response, errors included. An empty value leaves the
 * header out.
 */
@ConfigurationProperties("apisec.headers")
public class HeadersProperties {

	/**
	 * Whether the security headers are written.
	 */
	private boolean enabled = true;

	/**
	 * Cache-Control value: API responses are not stored by browsers or intermediaries.
	 */
	private String cacheControl = "no-store";

	/**
	 * X-Content-Type-Options value.
	 */
	private String contentTypeOptions = "nosniff";

	/**
	 * X-Frame-Options value.
	 */
	private String frameOptions = "DENY";

	/**
	 * Content-Security-Policy value.
	 */
	private String contentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Referrer-Policy value.
	 */
	private String referrerPolicy = "no-referrer";

	/**
	 * Cross-Origin-Resource-Policy value.
	 */
	private String crossOriginResourcePolicy = "same-origin";

	private final Hsts hsts = new Hsts();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCacheControl() {
		return this.cacheControl;
	}

	public void setCacheControl(String cacheControl) {
		this.cacheControl = cacheControl;
	}

	public String getContentTypeOptions() {
		return this.contentTypeOptions;
	}

	public void setContentTypeOptions(String contentTypeOptions) {
		this.contentTypeOptions = contentTypeOptions;
	}

	public String getFrameOptions() {
		return this.frameOptions;
	}

	public void setFrameOptions(String frameOptions) {
		this.frameOptions = frameOptions;
	}

	public String getContentSecurityPolicy() {
		return this.contentSecurityPolicy;
	}

	public void setContentSecurityPolicy(String contentSecurityPolicy) {
		this.contentSecurityPolicy = contentSecurityPolicy;
	}

	public String getReferrerPolicy() {
		return this.referrerPolicy;
	}

	public void setReferrerPolicy(String referrerPolicy) {
		this.referrerPolicy = referrerPolicy;
	}

	public String getCrossOriginResourcePolicy() {
		return this.crossOriginResourcePolicy;
	}

	public void setCrossOriginResourcePolicy(String crossOriginResourcePolicy) {
		this.crossOriginResourcePolicy = crossOriginResourcePolicy;
	}

	public Hsts getHsts() {
		return this.hsts;
	}

	/**
	 * Strict-Transport-Security, written on HTTPS requests only.
	 */
	public static class Hsts {

		/**
		 * Whether Strict-Transport-Security is written on HTTPS requests.
		 */
		private boolean enabled = true;

		/**
		 * How long browsers keep to HTTPS.
		 */
		private Duration maxAge = Duration.ofDays(365);

		/**
		 * Whether the policy covers subdomains.
		 */
		private boolean includeSubdomains = true;

		/**
		 * Whether the preload directive is added.
		 */
		private boolean preload;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public boolean isIncludeSubdomains() {
			return this.includeSubdomains;
		}

		public void setIncludeSubdomains(boolean includeSubdomains) {
			this.includeSubdomains = includeSubdomains;
		}

		public boolean isPreload() {
			return this.preload;
		}

		public void setPreload(boolean preload) {
			this.preload = preload;
		}

	}

}
