package dev.apisec.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client address resolver of the user's own may return something that is not an IP
 * address; IP rules refuse it with the 403 problem instead of handing it to
 * IpAddressMatcher (which throws, a 500).
 */
@SpringBootTest(classes = { TestApplication.class, IpRulesWithOwnResolverHttpTests.OwnResolver.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.authorization.rules[0].paths=/api/limited/**",
				"apisec.authorization.rules[0].access=public", "apisec.ip-rules[0].paths=/api/limited/internal",
				"apisec.ip-rules[0].allow=10.0.0.0/8", "apisec.ip-rules[1].paths=/api/limited/open",
				"apisec.ip-rules[1].deny=203.0.113.0/24" })
class IpRulesWithOwnResolverHttpTests {

	private final Http http;

	IpRulesWithOwnResolverHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	private HttpResponse<String> get(String path, String client) {
		return this.http.getWithHeaders(path, Map.of("X-Client", client));
	}

	@Test
	void addressThatIsNotAnIpLiteralIsRefusedByAllowAndDenyRules() {
		for (String client : List.of("1:2:3", "::1::", "10.1.2")) {
			for (String path : List.of("/api/limited/internal", "/api/limited/open")) {
				HttpResponse<String> response = get(path, client);
				assertThat(response.statusCode()).as("%s from %s", path, client).isEqualTo(403);
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(response.body()).contains("address-denied").doesNotContain(client);
			}
		}
	}

	@Test
	void ipLiteralsAreStillMatched() {
		assertThat(get("/api/limited/internal", "10.1.2.3").statusCode()).isEqualTo(200);
		assertThat(get("/api/limited/open", "198.51.100.1").statusCode()).isEqualTo(200);
		assertThat(get("/api/limited/open", "203.0.113.9").statusCode()).isEqualTo(403);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnResolver {

		@Bean
		ClientAddressResolver headerClientAddressResolver() {
			return new ClientAddressResolver(List.of()) {

				@Override
				public String resolve(HttpServletRequest request) {
					return request.getHeader("X-Client");
				}

			};
		}

	}

}
