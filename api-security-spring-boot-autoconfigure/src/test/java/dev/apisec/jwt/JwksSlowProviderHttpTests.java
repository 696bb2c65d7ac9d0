package dev.apisec.jwt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import dev.apisec.test.Http;
import dev.apisec.test.TestApplication;
import dev.apisec.test.TestIssuer;
import dev.apisec.test.TestProperties;
import dev.apisec.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One identity provider accepts connections and never answers, so its fetches each hold a
 * refresh thread for the whole read timeout (30 s here); another issuer's rotation is
 * still picked up at once, because every fetching issuer has a refresh thread of its own.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JwksSlowProviderHttpTests {

	static final String SILENT_ISSUER = "https://silent.example";

	static final ServerSocket silent = silentServer();

	@RegisterExtension
	static final TestIssuer idp = TestIssuer.jwks("first", "retail-api");

	static final RSAKey second = Tokens.rsaKey("second");

	static final Duration SILENT_READ_TIMEOUT = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestProperties.add(registry, "apisec.jwt.issuers[0]", "issuer-uri=" + SILENT_ISSUER,
				"jwk-set-uri=http://127.0.0.1:" + silent.getLocalPort() + "/jwks", "audiences[0]=retail-api");
		idp.addProperties(registry, 1);
		registry.add("apisec.jwt.jwks.read-timeout", () -> SILENT_READ_TIMEOUT.toSeconds() + "s");
		TestProperties.add(registry, "apisec.authorization.rules[0]", "paths=/api/me", "access=authenticated");
	}

	@AfterAll
	static void stopServers() throws IOException {
		silent.close();
	}

	private static ServerSocket silentServer() {
		try {
			// Connections complete in the backlog; nothing is ever read or answered.
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@LocalServerPort
	int port;

	@Test
	void rotationOfOneIssuerIsPickedUpAtOnceWhileAnotherIssuersFetchHangs() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/me", idp.sign(idp.claims("alice").build())).statusCode()).isEqualTo(200);
		idp.server().publish(idp.key().toPublicJWK(), second.toPublicJWK());
		long start = System.nanoTime();
		HttpResponse<String> response = http.get("/api/me", Tokens.sign(second, idp.claims("bob").build()));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// Queued behind the silent provider's fetch, it would wait most of the read
		// timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SILENT_READ_TIMEOUT.dividedBy(2));
	}

}
