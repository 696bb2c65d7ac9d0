package dev.apisec.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.apisec.audit.RuleAuthorizationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;

/**
 * The {@code apisec.authz.denied} counter, tagged {@code rule}: the name of the rule of
 * the starter's chain that denied ({@code actuator} and {@code default-access} included),
 * or {@code other} for denials by anything else, such as method security. Spring Security
 * publishes the event for every denial, anonymous callers included.
 */
class AuthorizationDeniedMetrics implements ApplicationListener<AuthorizationDeniedEvent<?>> {

	static final String NAME = "apisec.authz.denied";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	AuthorizationDeniedMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(AuthorizationDeniedEvent<?> event) {
		String rule = (event.getAuthorizationResult() instanceof RuleAuthorizationResult result) ? result.getRuleName()
				: "other";
		this.counters
			.computeIfAbsent(rule,
					(key) -> Counter.builder(NAME)
						.description("Requests denied by authorization, by rule")
						.tag("rule", rule)
						.register(this.registry))
			.increment();
	}

}
