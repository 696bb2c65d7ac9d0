package dev.apisec.web;

import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Auto-configuration of the client address resolver shared by every feature that needs
 * the client's address ({@code apisec.network.*}).
 */
@AutoConfiguration
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(IpAddressMatcher.class)
@EnableConfigurationProperties(NetworkProperties.class)
public class NetworkAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver apisecClientAddressResolver(NetworkProperties properties) {
		return new ClientAddressResolver(properties.getTrustedProxies(), properties.getClientAddressHeader());
	}

}
