package dev.apisec.authorization;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Takes Spring MVC's handler-mapping cache filter out of the security filter chain where
 * the starter's chain is the only one. Spring Security puts that filter before every
 * chain, so that request matchers and CORS sources built on Spring MVC's handler mappings
 * find the request's mapping once instead of once per lookup; it costs a full handler
 * lookup per request, and the starter's chain uses neither (its matchers are path
 * patterns, its CORS is a filter of its own). As soon as an application declares a chain
 * of its own, the filter stays, whatever that chain's matchers are.
 * <p>
 * Spring Security wraps its {@code springSecurityFilterChain} bean, with the cache
 * filter, in a composite: this restores the bean it wrapped, untouched. Where that
 * composite is not the shape known here (another Spring Security version), nothing is
 * changed.
 */
final class IntrospectorCacheRemoval implements BeanFactoryPostProcessor {

	private static final Log logger = LogFactory.getLog(IntrospectorCacheRemoval.class);

	static final String FILTER_CHAIN_BEAN = "springSecurityFilterChain";

	private static final String COMPOSITE = "org.springframework.security.config.annotation.web.configuration."
			+ "WebMvcSecurityConfiguration$CompositeFilterChainProxy";

	private static final String CACHE_FILTER = "org.springframework.security.config.annotation.web.configuration."
			+ "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if (!(beanFactory instanceof BeanDefinitionRegistry registry)
				|| !registry.containsBeanDefinition(FILTER_CHAIN_BEAN) || !onlyTheStartersChain(beanFactory)) {
			return;
		}
		BeanDefinition wrapped = wrappedChain(registry.getBeanDefinition(FILTER_CHAIN_BEAN));
		if (wrapped != null) {
			registry.removeBeanDefinition(FILTER_CHAIN_BEAN);
			registry.registerBeanDefinition(FILTER_CHAIN_BEAN, wrapped);
			logger.debug("The starter's chain is the only one: Spring MVC's handler-mapping cache filter is left out");
		}
	}

	private static boolean onlyTheStartersChain(ConfigurableListableBeanFactory beanFactory) {
		String[] chains = beanFactory.getBeanNamesForType(SecurityFilterChain.class, true, false);
		return chains.length == 1 && ApiSecurityFilterChainConfiguration.BEAN_NAME.equals(chains[0]);
	}

	/**
	 * Return the definition the composite wraps: its one constructor argument is the list
	 * of the cache filter and the wrapped chain.
	 */
	static BeanDefinition wrappedChain(BeanDefinition composite) {
		if (!COMPOSITE.equals(composite.getBeanClassName())
				|| composite.getConstructorArgumentValues().getArgumentCount() != 1) {
			return null;
		}
		ValueHolder argument = composite.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
		if (argument == null || !(argument.getValue() instanceof List<?> filters) || filters.size() != 2
				|| !(filters.get(0) instanceof BeanDefinition cache) || !CACHE_FILTER.equals(cache.getBeanClassName())
				|| !(filters.get(1) instanceof BeanDefinition chain)) {
			return null;
		}
		return chain;
	}

}
