package dev.apisec.resource;

import java.util.List;

import dev.apisec.jwt.JwtAutoConfiguration;
import dev.apisec.web.ProblemResponseAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceMetadataAutoConfiguration}.
 */
class ResourceMetadataAutoConfigurationTests {

	private static final String ISSUER = "https://login.example.com/realms/shop";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceMetadataAutoConfiguration.class, JwtAutoConfiguration.class,
				ProblemResponseAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class))
		.withPropertyValues("apisec.jwt.issuers[0].issuer-uri=" + ISSUER,
				"apisec.jwt.issuers[0].hmac-secret=a-resource-metadata-test-secret-32b!",
				"apisec.jwt.issuers[0].audiences[0]=api");

	@Test
	void nothingIsPublishedWithoutAnIdentifier() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ProtectedResourceMetadata.class);
			assertThat(context).doesNotHaveBean("apisecProtectedResourceMetadataFilterRegistration");
		});
	}

	@Test
	void identifierPublishesTheConfiguredIssuersAsAuthorizationServers() {
		this.contextRunner.withPropertyValues("apisec.resource.identifier=https://api.example.com").run((context) -> {
			ProtectedResourceMetadata metadata = context.getBean(ProtectedResourceMetadata.class);
			assertThat(metadata.getPath()).isEqualTo("/.well-known/oauth-protected-resource");
			assertThat(metadata.getUrl()).isEqualTo("https://api.example.com/.well-known/oauth-protected-resource");
			assertThat(metadata.getDocument()).containsEntry("resource", "https://api.example.com")
				.containsEntry("authorization_servers", List.of(ISSUER))
				.containsEntry("bearer_methods_supported", List.of("header"))
				.doesNotContainKeys("scopes_supported", "resource_name", "resource_documentation",
						"resource_signing_alg_values_supported");
			assertThat(
					context.getBean("apisecProtectedResourceMetadataFilterRegistration", FilterRegistrationBean.class)
						.getFilter())
				.isInstanceOf(ProtectedResourceMetadataFilter.class);
		});
	}

	@Test
	void everyPropertyReachesTheDocument() {
		this.contextRunner.withPropertyValues("apisec.resource.identifier=https://api.example.com/orders/",
				"apisec.resource.name=Orders API", "apisec.resource.authorization-servers[0]=https://idp.example",
				"apisec.resource.scopes-supported=orders.read,orders.write", "apisec.resource.signing-algorithms=ES256",
				"apisec.resource.documentation=https://docs.example/api", "apisec.resource.cache-max-age=10m")
			.run((context) -> {
				ProtectedResourceMetadata metadata = context.getBean(ProtectedResourceMetadata.class);
				// RFC 9728 3.1: the identifier's path goes after the well-known path.
				assertThat(metadata.getPath()).isEqualTo("/.well-known/oauth-protected-resource/orders");
				assertThat(metadata.getUrl())
					.isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/orders");
				assertThat(metadata.getDocument()).containsEntry("resource", "https://api.example.com/orders/")
					.containsEntry("authorization_servers", List.of("https://idp.example"))
					.containsEntry("scopes_supported", List.of("orders.read", "orders.write"))
					.containsEntry("resource_signing_alg_values_supported", List.of("ES256"))
					.containsEntry("resource_name", "Orders API")
					.containsEntry("resource_documentation", "https://docs.example/api");
				assertThat(metadata.getCacheMaxAge()).hasMinutes(10);
			});
	}

	@Test
	void applicationMetadataReplacesTheStarters() {
		ProtectedResourceMetadata own = ProtectedResourceMetadata.of(properties("https://own.example"),
				List.of("https://idp.example"));
		this.contextRunner.withPropertyValues("apisec.resource.identifier=https://api.example.com")
			.withBean(ProtectedResourceMetadata.class, () -> own)
			.run((context) -> assertThat(context.getBean(ProtectedResourceMetadata.class)).isSameAs(own));
	}

	@Test
	void disablingTheStarterPublishesNothing() {
		this.contextRunner
			.withPropertyValues("apisec.enabled=false", "apisec.resource.identifier=https://api.example.com")
			.run((context) -> assertThat(context).doesNotHaveBean(ProtectedResourceMetadata.class));
	}

	@Test
	void badIdentifiersFailAtStartup() {
		String property = "apisec.resource.identifier";
		this.contextRunner.withPropertyValues(property + "=http://api.example.com")
			.run((context) -> assertConfigurationFailure(context, property, "uses http for a host other than localhost",
					"https URL"));
		this.contextRunner.withPropertyValues(property + "=/api")
			.run((context) -> assertConfigurationFailure(context, property, "is not an absolute http(s) URL"));
		this.contextRunner.withPropertyValues(property + "=https://api.example.com/?v=1")
			.run((context) -> assertConfigurationFailure(context, property, "has a query or a fragment"));
		this.contextRunner.withPropertyValues(property + "=http://localhost:8080")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void otherBadValuesFailAtStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("apisec.resource.identifier=https://api.example.com",
					"apisec.resource.authorization-servers[0]=idp.example")
			.run((context) -> assertConfigurationFailure(context, "apisec.resource.authorization-servers[0]",
					"is not an absolute http(s) URL"));
		this.contextRunner
			.withPropertyValues("apisec.resource.identifier=https://api.example.com",
					"apisec.resource.bearer-methods-supported=header,query")
			.run((context) -> assertConfigurationFailure(context, "apisec.resource.bearer-methods-supported[1]",
					"is not a way the starter accepts a bearer token", "Authorization header only"));
		this.contextRunner
			.withPropertyValues("apisec.resource.identifier=https://api.example.com",
					"apisec.resource.documentation=docs")
			.run((context) -> assertConfigurationFailure(context, "apisec.resource.documentation",
					"is not an absolute http(s) URL"));
		this.contextRunner
			.withPropertyValues("apisec.resource.identifier=https://api.example.com",
					"apisec.resource.cache-max-age=-1s")
			.run((context) -> assertConfigurationFailure(context, "apisec.resource.cache-max-age", "is negative"));
	}

	@Test
	void withoutIssuersAuthorizationServersMustBeNamed() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ResourceMetadataAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withPropertyValues("apisec.resource.identifier=https://api.example.com")
			.run((context) -> assertConfigurationFailure(context, "apisec.resource.authorization-servers",
					"no authorization server issues tokens for this API", "apisec.jwt.issuers"));
	}

	private static ResourceMetadataProperties properties(String identifier) {
		ResourceMetadataProperties properties = new ResourceMetadataProperties();
		properties.setIdentifier(identifier);
		return properties;
	}

}
