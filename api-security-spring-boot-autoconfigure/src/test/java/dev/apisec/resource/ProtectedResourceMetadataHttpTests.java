package dev.apisec.resource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata document over HTTP, public and cacheable, and the 401 and 403 answers that
 * point at it (RFC 9728 section 5).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apisec.resource.identifier=https://api.example.com", "apisec.resource.name=Test API",
				"apisec.resource.scopes-supported=orders.read", "apisec.authorization.rules[0].paths=/api/admin/**",
				"apisec.authorization.rules[0].roles=ADMIN", "apisec.authorization.rules[1].paths=/api/orders",
				"apisec.authorization.rules[1].scopes=orders.read,orders.write",
				"management.endpoints.web.exposure.include=apisec" })
class ProtectedResourceMetadataHttpTests {

	private static final String METADATA_URL = "https://api.example.com/.well-known/oauth-protected-resource";

	@RegisterExtension
	static final TestIssuer tokens = TestIssuer.hmac("https://tokens.example", "a-resource-metadata-http-secret-32!",
			"api");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		tokens.addProperties(registry, 0);
	}

	private final Http http;

	ProtectedResourceMetadataHttpTests(@LocalServerPort int port) {
		this.http = new Http(port);
	}

	@Test
	void metadataIsPublicCacheableJson() throws Exception {
		HttpResponse<String> response = this.http.get("/.well-known/oauth-protected-resource", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		JsonNode metadata = new ObjectMapper().readTree(response.body());
		assertThat(metadata.path("resource").asText()).isEqualTo("https://api.example.com");
		assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo("https://tokens.example");
		assertThat(metadata.path("authorization_servers")).hasSize(1);
		assertThat(metadata.path("scopes_supported").get(0).asText()).isEqualTo("orders.read");
		assertThat(metadata.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
		assertThat(metadata.path("resource_name").asText()).isEqualTo("Test API");
		HttpResponse<String> head = this.http.send("HEAD", "/.well-known/oauth-protected-resource", null);
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
	}

	@Test
	void otherMethodsAreRefusedAndOtherPathsAreNotTheDocument() {
		HttpResponse<String> post = this.http.send(this.http.request("/.well-known/oauth-protected-resource")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json")
			.build());
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
		assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// Default deny: nothing else under the well-known path is public.
		assertThat(this.http.get("/.well-known/oauth-protected-resource/other", null).statusCode()).isEqualTo(401);
	}

	@Test
	void theApisecEndpointShowsTheResource() throws Exception {
		HttpResponse<String> response = this.http.get("/actuator/apisec", tokens.token("root", "ADMIN"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode resource = new ObjectMapper().readTree(response.body()).path("resource");
		assertThat(resource.path("identifier").asText()).isEqualTo("https://api.example.com");
		assertThat(resource.path("metadataUrl").asText()).isEqualTo(METADATA_URL);
		assertThat(resource.path("authorizationServers").get(0).asText()).isEqualTo("https://tokens.example");
		assertThat(resource.path("scopesSupported").get(0).asText()).isEqualTo("orders.read");
	}

	@Test
	void refusalsNameTheMetadata() {
		HttpResponse<String> anonymous = this.http.get("/api/admin/me", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer resource_metadata=\"" + METADATA_URL + "\"");
		HttpResponse<String> invalid = this.http.get("/api/admin/me", "not.a.token");
		assertThat(invalid.statusCode()).isEqualTo(401);
		assertThat(invalid.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\", error_description=\"")
					.endsWith(", resource_metadata=\"" + METADATA_URL + "\""));
		HttpResponse<String> forbidden = this.http.get("/api/admin/me", tokens.token("alice", "USER"));
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer error=\"insufficient_scope\", resource_metadata=\"" + METADATA_URL + "\"");
		HttpResponse<String> scoped = this.http.get("/api/orders", tokens.token("alice", "USER"));
		assertThat(scoped.statusCode()).isEqualTo(403);
		assertThat(scoped.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", "
				+ "scope=\"orders.read orders.write\", resource_metadata=\"" + METADATA_URL + "\"");
	}

}
