package dev.apisec.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observations of the starter's decisions.
 */
@ConfigurationProperties("apisec.observations")
public class ObservationProperties {

	/**
	 * Whether Spring Security's own observations (spring.security.filterchains,
	 * spring.security.authentications, spring.security.authorizations) stay on. Off by
	 * default: the starter's apisec.authentication, apisec.authorization and
	 * apisec.ratelimit observations report the same decisions with their rule and policy,
	 * and Spring Security's filter-chain observation costs more than the rest of the
	 * chain's work. A SecurityObservationSettings bean of the application wins over this
	 * property.
	 */
	private boolean springSecurity;

	/**
	 * Whether Micrometer Tracing makes spans when no span exporter is configured. Off by
	 * default: such spans are dropped unseen, yet cost every request more than the
	 * starter's own checks; trace ids stay in problem bodies and audit lines either way
	 * (the incoming traceparent's, else one generated per request). Spans come back by
	 * themselves once an exporter is configured (OTLP, Zipkin, Wavefront or a
	 * SpanExporter bean).
	 */
	private boolean unexportedSpans;

	public boolean isSpringSecurity() {
		return this.springSecurity;
	}

	public void setSpringSecurity(boolean springSecurity) {
		this.springSecurity = springSecurity;
	}

	public boolean isUnexportedSpans() {
		return this.unexportedSpans;
	}

	public void setUnexportedSpans(boolean unexportedSpans) {
		this.unexportedSpans = unexportedSpans;
	}

}
