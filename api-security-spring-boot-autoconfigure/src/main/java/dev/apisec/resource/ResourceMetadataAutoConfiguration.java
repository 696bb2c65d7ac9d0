package dev.apisec.resource;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.jwt.JwtAutoConfiguration;
import dev.apisec.jwt.TrustedIssuer;
import dev.apisec.jwt.TrustedIssuers;
import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ApiSecFilterRegistration;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.web.ProblemResponseAutoConfiguration;
import dev.apisec.web.ProblemResponseWriter;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of OAuth 2.0 Protected Resource Metadata (RFC 9728) once
 * {@code apisec.resource.identifier} is set: the metadata, checked at startup, and the
 * filter that publishes it. The authorization servers default to the configured JWT
 * issuers, so it runs after the JWT auto-configuration.
 */
@AutoConfiguration(after = { JwtAutoConfiguration.class, ProblemResponseAutoConfiguration.class })
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(ObjectMapper.class)
@ConditionalOnProperty(prefix = "apisec.resource", name = "identifier")
@EnableConfigurationProperties(ResourceMetadataProperties.class)
public class ResourceMetadataAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProtectedResourceMetadata apisecProtectedResourceMetadata(ResourceMetadataProperties properties,
			ObjectProvider<TrustedIssuers> issuers) {
		TrustedIssuers trusted = issuers.getIfAvailable();
		List<String> issuerUrls = (trusted != null) ? trusted.all().stream().map(TrustedIssuer::getIssuer).toList()
				: List.of();
		return ProtectedResourceMetadata.of(properties, issuerUrls);
	}

	@Bean
	FilterRegistrationBean<ProtectedResourceMetadataFilter> apisecProtectedResourceMetadataFilterRegistration(
			ProtectedResourceMetadata metadata, ObjectProvider<ProblemResponseWriter> problems) {
		return ApiSecFilterRegistration.of(
				new ProtectedResourceMetadataFilter(metadata, problems.getIfAvailable(ProblemResponseWriter::new)),
				"apisecProtectedResourceMetadataFilter", ApiSecFilterOrder.RESOURCE_METADATA, DispatcherType.REQUEST);
	}

}
