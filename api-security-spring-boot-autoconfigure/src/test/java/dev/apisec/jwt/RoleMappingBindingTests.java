package dev.apisec.jwt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.security.core.GrantedAuthority;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role mapping keys as users write them, read by Spring Boot's own YAML and properties
 * loaders: a key that the binding would change (a space, a slash, a colon, a non-ASCII
 * letter) fails startup naming the property and the bracket form; the bracket form and
 * plain keys map, and the failure reports the key as Spring Boot's binder really binds
 * it.
 */
class RoleMappingBindingTests {

	private static final String ISSUER = "https://idp.example.invalid/realms/shop";

	private static final String YAML_ISSUER = """
			apisec:
			  jwt:
			    issuers:
			      - issuer-uri: https://idp.example.invalid/realms/shop
			        jwk-set-uri: https://idp.example.invalid/realms/shop/certs
			        audiences: [retail-api]
			        roles:
			          mapping:
			""";

	private static final String PROPERTIES_ISSUER = """
			apisec.jwt.issuers[0].issuer-uri=https://idp.example.invalid/realms/shop
			apisec.jwt.issuers[0].jwk-set-uri=https://idp.example.invalid/realms/shop/certs
			apisec.jwt.issuers[0].audiences=retail-api
			""";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtAutoConfiguration.class));

	private void runWith(PropertySourceLoader loader, String name, String content,
			ContextConsumer<AssertableWebApplicationContext> consumer) {
		List<PropertySource<?>> sources;
		try {
			sources = loader.load(name, new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8), name));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.contextRunner
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
			.run(consumer);
	}

	private void runWithYaml(String mapping, ContextConsumer<AssertableWebApplicationContext> consumer) {
		runWith(new YamlPropertySourceLoader(), "application.yml", YAML_ISSUER + mapping, consumer);
	}

	private void runWithProperties(String mapping, ContextConsumer<AssertableWebApplicationContext> consumer) {
		runWith(new PropertiesPropertySourceLoader(), "application.properties", PROPERTIES_ISSUER + mapping, consumer);
	}

	private static List<String> authorities(AssertableWebApplicationContext context, String... roles) {
		return context.getBean(TrustedIssuers.class)
			.get(ISSUER)
			.authorityMapping()
			.authorities(Map.of("roles", List.of(roles)))
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	@Test
	void yamlKeyWithASpaceFailsStartupNamingThePropertyAndTheBracketForm() {
		runWithYaml("            \"Store Managers\": MANAGER\n",
				(context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].roles.mapping.Store Managers",
						"the role mapping key 'Store Managers' (in application.yml) would be bound as 'StoreManagers'",
						"Write the key in brackets, quoted in YAML: \"[Store Managers]\": ROLE under "
								+ "apisec.jwt.issuers[0].roles.mapping"));
	}

	@Test
	void yamlKeyWithASlashAColonOrAnAccentFailsStartup() {
		runWithYaml("            \"/Store Managers\": MANAGER\n", (context) -> assertConfigurationFailure(context,
				"apisec.jwt.issuers[0].roles.mapping./Store Managers", "would be bound as 'StoreManagers'"));
		runWithYaml("            \"retail:admins\": ADMIN\n", (context) -> assertConfigurationFailure(context,
				"apisec.jwt.issuers[0].roles.mapping.retail:admins", "would be bound as 'retailadmins'"));
		runWithYaml("            M\u00e4rkte: MARKETS\n", (context) -> assertConfigurationFailure(context,
				"apisec.jwt.issuers[0].roles.mapping.M\u00e4rkte", "would be bound as 'Mrkte'"));
	}

	@Test
	void unbracketedKeysAreBoundAsTheFailureSays() throws IOException {
		String yaml = YAML_ISSUER + "            \"Store Managers\": MANAGER\n            \"/Ops Team\": OPS\n"
				+ "            \"-leading\": LEADING\n            M\u00e4rkte: MARKETS\n";
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		JwtProperties bound = new Binder(ConfigurationPropertySources.from(sources))
			.bind("apisec.jwt", JwtProperties.class)
			.get();
		assertThat(bound.getIssuers().get(0).getRoles().getMapping()).containsOnlyKeys("StoreManagers", "OpsTeam",
				"leading", "Mrkte");
		runWithYaml("            \"-leading\": LEADING\n", (context) -> assertConfigurationFailure(context,
				"apisec.jwt.issuers[0].roles.mapping.-leading", "would be bound as 'leading'"));
	}

	@Test
	void yamlKeyInBracketsKeepsItsSpaceAndMaps() {
		runWithYaml("            \"[Store Managers]\": MANAGER\n            \"[/Retail Admins]\": ADMIN\n",
				(context) -> {
					assertThat(context).hasNotFailed();
					assertThat(authorities(context, "Store Managers", "/Retail Admins", "StoreManagers"))
						.containsExactly("ROLE_MANAGER", "ROLE_ADMIN", "ROLE_STOREMANAGERS");
				});
	}

	@Test
	void yamlPlainKeysKeepTheirCaseDashesUnderscoresAndDotsAndMap() {
		runWithYaml("            Retail-Admins: ADMIN\n            retail.staff: STAFF\n            retail_ops: OPS\n",
				(context) -> {
					assertThat(context).hasNotFailed();
					assertThat(authorities(context, "Retail-Admins", "retail.staff", "retail_ops"))
						.containsExactly("ROLE_ADMIN", "ROLE_STAFF", "ROLE_OPS");
				});
	}

	@Test
	void propertiesKeyWithAnEscapedSpaceFailsStartup() {
		runWithProperties("apisec.jwt.issuers[0].roles.mapping.Store\\ Managers=MANAGER\n",
				(context) -> assertConfigurationFailure(context, "apisec.jwt.issuers[0].roles.mapping.Store Managers",
						"the role mapping key 'Store Managers' (in application.properties) would be bound as "
								+ "'StoreManagers'",
						"apisec.jwt.issuers[0].roles.mapping[Store Managers]=ROLE in a .properties file"));
	}

	@Test
	void propertiesKeyInBracketsKeepsItsSpaceAndMaps() {
		runWithProperties("apisec.jwt.issuers[0].roles.mapping[Store\\ Managers]=MANAGER\n", (context) -> {
			assertThat(context).hasNotFailed();
			assertThat(authorities(context, "Store Managers")).containsExactly("ROLE_MANAGER");
		});
	}

}
