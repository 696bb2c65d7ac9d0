package dev.apisec.support;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnApiSecFeature}.
 */
class OnApiSecFeatureCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		MergedAnnotation<ConditionalOnApiSecFeature> feature = metadata.getAnnotations()
			.get(ConditionalOnApiSecFeature.class);
		String prefix = feature.getString("prefix");
		String list = feature.getString("list");
		ConditionMessage.Builder message = ConditionMessage.forCondition("API security " + feature.getString("name"));
		Binder binder = Binder.get(context.getEnvironment());
		String enabledProperty = prefix + ".enabled";
		Boolean enabled = binder.bind(enabledProperty, Boolean.class).orElse(null);
		if (enabled != null) {
			return enabled ? ConditionOutcome.match(message.because(enabledProperty + " is true"))
					: ConditionOutcome.noMatch(message.because(enabledProperty + " is false"));
		}
		String listProperty = prefix + "." + list;
		boolean configured = !binder.bind(listProperty, Bindable.listOf(feature.getClass("element")))
			.orElse(List.of())
			.isEmpty();
		return configured ? ConditionOutcome.match(message.found(list).items(listProperty))
				: ConditionOutcome.noMatch(message.didNotFind(list).atAll());
	}

}
