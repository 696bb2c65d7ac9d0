package dev.apisec.support;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.filter.OrderedFormContentFilter;

import static org.assertj.core.api.Assertions.assertThat;

class ApiSecFilterOrderTests {

	@Test
	void valuesAreTheDocumentedOnes() {
		assertThat(ApiSecFilterOrder.SECURITY_HEADERS).isEqualTo(-10100);
		assertThat(ApiSecFilterOrder.REQUIRE_HTTPS).isEqualTo(-10090);
		assertThat(ApiSecFilterOrder.IP_RULES).isEqualTo(-10080);
		assertThat(ApiSecFilterOrder.REQUEST_BODY_LIMIT).isEqualTo(-10000);
		assertThat(ApiSecFilterOrder.CORS).isEqualTo(-120);
		assertThat(ApiSecFilterOrder.DEPRECATION).isEqualTo(-115);
		assertThat(ApiSecFilterOrder.RESOURCE_METADATA).isEqualTo(-110);
		assertThat(ApiSecFilterOrder.EMPTY_ACTUATOR_ERROR).isEqualTo(-105);
		assertThat(ApiSecFilterOrder.RATE_LIMIT).isEqualTo(-90);
		assertThat(ApiSecFilterOrder.SECURITY_FILTER_CHAIN).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void requestPassesTheFiltersInTheOrderTheJavadocTells() {
		assertThat(new int[] { ApiSecFilterOrder.SECURITY_HEADERS, ApiSecFilterOrder.REQUIRE_HTTPS,
				ApiSecFilterOrder.IP_RULES, ApiSecFilterOrder.REQUEST_BODY_LIMIT,
				OrderedFormContentFilter.DEFAULT_ORDER, ApiSecFilterOrder.CORS, ApiSecFilterOrder.DEPRECATION,
				ApiSecFilterOrder.RESOURCE_METADATA, ApiSecFilterOrder.EMPTY_ACTUATOR_ERROR,
				SecurityProperties.DEFAULT_FILTER_ORDER, ApiSecFilterOrder.RATE_LIMIT })
			.isSorted()
			.doesNotHaveDuplicates();
	}

}
