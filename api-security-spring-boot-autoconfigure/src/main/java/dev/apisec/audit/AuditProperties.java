package dev.apisec.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security audit: the log of security events.
 */
@ConfigurationProperties("apisec.audit")
public class AuditProperties {

	private final Log log = new Log();

	public Log getLog() {
		return this.log;
	}

	/**
	 * The audit log, written to the logger dev.apisec.audit.
	 */
	public static class Log {

		/**
		 * Whether security events are logged to dev.apisec.audit: successes at DEBUG,
		 * failures, denials and rate limiting at INFO, expired keys and open circuits at
		 * WARN.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
