package dev.apisec.jwt;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The configured issuers, looked up by the token's "iss". Starts the background key
 * refresh of every issuer when the application starts and stops it on shutdown, so the
 * application starts whether or not the identity providers are up.
 */
public final class TrustedIssuers implements SmartLifecycle, DisposableBean {

	private final Map<String, TrustedIssuer> byIssuer;

	private final ScheduledExecutorService scheduler;

	private volatile boolean running;

	TrustedIssuers(Collection<TrustedIssuer> issuers, ScheduledExecutorService scheduler) {
		Map<String, TrustedIssuer> map = new LinkedHashMap<>();
		for (TrustedIssuer issuer : issuers) {
			map.put(issuer.getIssuer(), issuer);
		}
		this.byIssuer = map;
		this.scheduler = scheduler;
	}

	/**
	 * Return the issuer with exactly this identifier.
	 * @param issuer the token's "iss"
	 * @return the issuer or {@code null}
	 */
	public TrustedIssuer get(String issuer) {
		return (issuer != null) ? this.byIssuer.get(issuer) : null;
	}

	/**
	 * Return all issuers in configuration order.
	 * @return the issuers
	 */
	public Collection<TrustedIssuer> all() {
		return this.byIssuer.values();
	}

	@Override
	public void start() {
		for (TrustedIssuer issuer : this.byIssuer.values()) {
			issuer.keys().start();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		for (TrustedIssuer issuer : this.byIssuer.values()) {
			issuer.keys().stop();
		}
		this.running = false;
	}

	@Override
	public void destroy() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
