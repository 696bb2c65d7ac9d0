package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderBearerTokenResolverTests {

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

	private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();

	private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

	@Test
	void resolvesAWellFormedHeader() {
		assertThat(this.resolver.resolve(request("GET", "Bearer " + TOKEN, null, null))).isEqualTo(TOKEN);
		assertThat(this.resolver.resolve(request("POST", "bearer " + TOKEN + "==", null, "application/json")))
			.isEqualTo(TOKEN + "==");
	}

	@Test
	void answersLikeSpringSecuritysDefaultResolver() {
		List<MockHttpServletRequest> requests = new ArrayList<>();
		String[] headers = { null, "", "Bearer", "Bearer ", "Bearer " + TOKEN, "BEARER " + TOKEN, "Bearer  " + TOKEN,
				"Bearer " + TOKEN + " ", "Bearer " + TOKEN + "=", "Bearer " + TOKEN + "=a", "Bearer =", "Basic abc",
				"Bearerx " + TOKEN, "Bearer\t" + TOKEN, "Bearer a%b", "Bearer a\u00e9b", "Bearer a\nb", "bearer" };
		String[] queries = { null, "", "page=2", "access_token=" + TOKEN, "access_token=a&access_token=b" };
		String[] contentTypes = { null, "application/json", "application/x-www-form-urlencoded",
				"APPLICATION/X-WWW-FORM-URLENCODED;charset=UTF-8" };
		for (String method : new String[] { "GET", "POST", "DELETE" }) {
			for (String header : headers) {
				for (String query : queries) {
					for (String contentType : contentTypes) {
						requests.add(request(method, header, query, contentType));
					}
				}
			}
		}
		Random random = new Random(20261122);
		String alphabet = "aZ09-._~+/= \t%\u00e9";
		for (int i = 0; i < 10_000; i++) {
			StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer ");
			for (int j = random.nextInt(12); j > 0; j--) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			requests.add(request("GET", header.toString(), null, null));
		}
		int resolved = 0;
		for (MockHttpServletRequest request : requests) {
			String expected = outcome(this.spring, request);
			assertThat(outcome(this.resolver, request))
				.as("%s %s ?%s [%s]", request.getMethod(), request.getHeader("Authorization"), request.getQueryString(),
						request.getContentType())
				.isEqualTo(expected);
			resolved += expected.startsWith("token:") ? 1 : 0;
		}
		// Both answers occur: tokens and refusals.
		assertThat(resolved).isPositive().isLessThan(requests.size());
	}

	private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			return "token:" + resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused:" + ex.getError().getErrorCode() + ":" + ex.getError().getDescription();
		}
	}

	private static MockHttpServletRequest request(String method, String authorization, String query,
			String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/orders");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		if (query != null) {
			request.setQueryString(query);
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					request.addParameter(pair.substring(0, equals), pair.substring(equals + 1));
				}
			}
		}
		if (contentType != null) {
			request.setContentType(contentType);
			if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded") && "POST".equals(method)) {
				request.addParameter("access_token", "from-the-body");
			}
		}
		return request;
	}

}
