package dev.apisec.support;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.apisec.support.FeatureConditions.featureConditionMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConditionalOnApiSecFeature}: the switch decides when it is set, the
 * list when it is not, and the message says which.
 */
class ConditionalOnApiSecFeatureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(WidgetsConfiguration.class);

	@Test
	void offWithoutSwitchOrElements() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean("widget");
			assertThat(featureConditionMessage(context, WidgetsConfiguration.class))
				.isEqualTo("API security widgets did not find items");
		});
	}

	@Test
	void elementsTurnTheFeatureOnWithoutTheSwitch() {
		this.contextRunner.withPropertyValues("apisec.widgets.items[0].name=a").run((context) -> {
			assertThat(context).hasBean("widget");
			assertThat(featureConditionMessage(context, WidgetsConfiguration.class))
				.isEqualTo("API security widgets found items apisec.widgets.items");
		});
	}

	@Test
	void anElementWithOnlyUnknownKeysFailsStartupNamingIt() {
		this.contextRunner.withPropertyValues("apisec.widgets.items[0].nmae=a")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(UnboundConfigurationPropertiesException.class)
				.hasMessageContaining("apisec.widgets.items[0].nmae"));
	}

	@Test
	void switchOnWinsWithoutElements() {
		this.contextRunner.withPropertyValues("apisec.widgets.enabled=true").run((context) -> {
			assertThat(context).hasBean("widget");
			assertThat(featureConditionMessage(context, WidgetsConfiguration.class))
				.isEqualTo("API security widgets apisec.widgets.enabled is true");
		});
	}

	@Test
	void switchOffWinsOverElements() {
		this.contextRunner.withPropertyValues("apisec.widgets.enabled=false", "apisec.widgets.items[0].name=a")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("widget");
				assertThat(featureConditionMessage(context, WidgetsConfiguration.class))
					.isEqualTo("API security widgets apisec.widgets.enabled is false");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnApiSecFeature(name = "widgets", prefix = "apisec.widgets", list = "items", element = Item.class)
	static class WidgetsConfiguration {

		@Bean
		String widget() {
			return "widget";
		}

	}

	static class Item {

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
