package dev.apisec.ratelimit;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Rate limiting is on when {@code apisec.rate-limit.enabled=true}, or when it is unset
 * and policies are configured.
 */
class OnRateLimitEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("API security rate limiting");
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("apisec.rate-limit.enabled", Boolean.class).orElse(null);
		if (enabled != null) {
			return enabled ? ConditionOutcome.match(message.because("apisec.rate-limit.enabled is true"))
					: ConditionOutcome.noMatch(message.because("apisec.rate-limit.enabled is false"));
		}
		boolean hasPolicies = !binder
			.bind("apisec.rate-limit.policies", Bindable.listOf(RateLimitProperties.Policy.class))
			.orElse(List.of())
			.isEmpty();
		return hasPolicies ? ConditionOutcome.match(message.found("policies").items("apisec.rate-limit.policies"))
				: ConditionOutcome.noMatch(message.didNotFind("policies").atAll());
	}

}
