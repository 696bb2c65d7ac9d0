package dev.apisec.web;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code apisec.deprecations} lists at least one deprecation.
 */
class OnDeprecationsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("API deprecations");
		boolean configured = !Binder.get(context.getEnvironment())
			.bind("apisec.deprecations", Bindable.listOf(DeprecationProperties.Deprecation.class))
			.orElse(List.of())
			.isEmpty();
		return configured ? ConditionOutcome.match(message.found("deprecations").items("apisec.deprecations"))
				: ConditionOutcome.noMatch(message.didNotFind("deprecations").atAll());
	}

}
