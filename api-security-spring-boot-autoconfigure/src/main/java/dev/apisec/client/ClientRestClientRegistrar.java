package dev.apisec.client;

import java.util.Map;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.web.client.RestClient;

/**
 * Registers one {@link RestClient} bean per configured client, named
 * {@code <name>RestClient} and qualified by the client's name, so that
 * {@code @Qualifier("payment") RestClient payment} injects it.
 */
class ClientRestClientRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> clients = Binder.get(this.environment)
			.bind("apisec.clients", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String name : clients.keySet()) {
			String beanName = name + "RestClient";
			if (registry.containsBeanDefinition(beanName)) {
				continue;
			}
			BeanFactory factory = this.beanFactory;
			RootBeanDefinition definition = new RootBeanDefinition(RestClient.class,
					() -> factory.getBean(ApiSecClients.class).get(name));
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(beanName, definition);
		}
	}

}
