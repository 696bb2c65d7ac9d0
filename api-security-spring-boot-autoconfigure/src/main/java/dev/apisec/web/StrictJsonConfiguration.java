package dev.apisec.web;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Strict reading of JSON request bodies by Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ObjectMapper.class, MappingJackson2HttpMessageConverter.class, WebMvcConfigurer.class })
class StrictJsonConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StrictJsonConverters apisecStrictJsonConverters(RequestValidationProperties properties) {
		return new StrictJsonConverters(properties.isStrictJson(), properties.getMaxNestingDepth(),
				properties.getMaxStringLength(), properties.getMaxNumberLength());
	}

}
