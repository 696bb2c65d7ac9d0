package dev.apisec.ratelimit;

import java.util.List;
import java.util.Map;

import dev.apisec.apikey.ApiKey;
import dev.apisec.apikey.ApiKeyAuthentication;
import dev.apisec.mtls.MtlsAuthentication;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code api-key} rate-limit key: the key id of an API-key authentication, else the
 * hash of the header, never the key itself.
 */
class ApiKeyRateLimitKeyTests {

	private final RateLimitKeyResolver resolver = RateLimitPolicies.keyResolver("key", "api-key");

	@Test
	void authenticatedApiKeyIsKeyedByItsId() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/partner/stock");
		request.addHeader("X-API-Key", "the-secret-key");
		ApiKeyAuthentication authentication = new ApiKeyAuthentication(
				new ApiKey("partner-a", new byte[32], List.of("PARTNER"), List.of(), null, null, true));
		assertThat(this.resolver.resolve(request, authentication)).isEqualTo("api-key:partner-a");
	}

	@Test
	void anAuthenticationOfAnotherMethodIsNotKeyedAsAnApiKey() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/partner/stock");
		request.addHeader("X-API-Key", "the-secret-key");
		MtlsAuthentication authentication = new MtlsAuthentication("partner-a", null,
				AuthorityUtils.createAuthorityList("ROLE_PARTNER"), Map.of());
		assertThat(this.resolver.resolve(request, authentication)).startsWith("api-key:sha256:");
	}

	@Test
	void otherwiseTheHeaderIsKeyedByItsHash() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/partner/stock");
		request.addHeader("X-API-Key", "the-secret-key");
		String key = this.resolver.resolve(request, new TestingAuthenticationToken("user", null, "ROLE_USER"));
		assertThat(key).startsWith("api-key:sha256:").doesNotContain("the-secret-key");
		assertThat(this.resolver.resolve(new MockHttpServletRequest(), null)).isNull();
	}

}
