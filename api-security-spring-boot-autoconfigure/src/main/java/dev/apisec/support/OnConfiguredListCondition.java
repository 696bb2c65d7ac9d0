package dev.apisec.support;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnConfiguredList}.
 */
class OnConfiguredListCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String name = (String) metadata.getAnnotationAttributes(ConditionalOnConfiguredList.class.getName())
			.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnConfiguredList.class, name);
		boolean configured = !Binder.get(context.getEnvironment())
			.bind(name, Bindable.listOf(Map.class))
			.orElse(List.of())
			.isEmpty();
		return configured ? ConditionOutcome.match(message.found("elements").items(name))
				: ConditionOutcome.noMatch(message.didNotFind("elements").atAll());
	}

}
