package dev.apisec.mtls;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Mutual TLS authentication is on when {@code apisec.mtls.enabled=true}, or when it is
 * unset and clients are configured.
 */
class OnMtlsEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("API security mutual TLS");
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("apisec.mtls.enabled", Boolean.class).orElse(null);
		if (enabled != null) {
			return enabled ? ConditionOutcome.match(message.because("apisec.mtls.enabled is true"))
					: ConditionOutcome.noMatch(message.because("apisec.mtls.enabled is false"));
		}
		boolean hasClients = !binder.bind("apisec.mtls.clients", Bindable.listOf(MtlsProperties.Client.class))
			.orElse(List.of())
			.isEmpty();
		return hasClients ? ConditionOutcome.match(message.found("clients").items("apisec.mtls.clients"))
				: ConditionOutcome.noMatch(message.didNotFind("clients").atAll());
	}

}
