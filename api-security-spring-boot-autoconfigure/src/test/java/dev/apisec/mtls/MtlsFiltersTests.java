package dev.apisec.mtls;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.test.TestCertificates;
import dev.apisec.test.TestCertificates.Issued;
import dev.apisec.web.ProblemResponseWriter;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application-level checks, without a handshake: expiry checked again, revocation
 * with a reloaded CRL, and certificate-bound tokens without any certificate.
 */
class MtlsFiltersTests {

	private static final Issued ca = TestCertificates.ca("Filter CA");

	private static final Issued alice = TestCertificates.issue(ca, new X500Name("CN=alice"));

	private final MtlsProperties properties = new MtlsProperties();

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void certificateExpiredSinceTheHandshakeIsRefused() throws Exception {
		Clock later = Clock.fixed(alice.certificate().getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC);
		MockHttpServletResponse response = filter(null, later).andThen(request(alice));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).contains("invalid-client-certificate")
			.contains("expired or not yet valid");
	}

	@Test
	void listedClientIsAuthenticated() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		newFilter(null, Clock.systemUTC()).doFilter(request(alice), response, chain);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isInstanceOf(MtlsAuthentication.class)
			.hasFieldOrPropertyWithValue("name", "alice");
	}

	@Test
	void revocationListIsReadAgainAfterTheRefreshInterval() throws Exception {
		MutableResource crl = new MutableResource(TestCertificates.crl(ca));
		MutableClock clock = new MutableClock();
		CertificateRevocationList revocationList = new CertificateRevocationList(crl, Duration.ofMinutes(5), clock);
		assertThat(revocationList.isRevoked(alice.certificate())).isFalse();
		crl.content = TestCertificates.crl(ca, alice.certificate());
		assertThat(revocationList.isRevoked(alice.certificate())).isFalse();
		clock.now = clock.now.plus(Duration.ofMinutes(6));
		assertThat(revocationList.isRevoked(alice.certificate())).isTrue();
		crl.content = "not a CRL";
		clock.now = clock.now.plus(Duration.ofMinutes(6));
		assertThat(revocationList.isRevoked(alice.certificate())).as("a failed refresh keeps the list").isTrue();
	}

	@Test
	void revocationListOfAnotherIssuerDoesNotRevoke() {
		Issued otherCa = TestCertificates.ca("Other CA");
		CertificateRevocationList revocationList = new CertificateRevocationList(
				new MutableResource(TestCertificates.crl(otherCa, alice.certificate())), null, Clock.systemUTC());
		assertThat(revocationList.isRevoked(alice.certificate())).isFalse();
	}

	@Test
	void certificateBoundTokenWithoutCertificateIsRefused() throws Exception {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("svc")
			.claim("cnf", Map.of("x5t#S256", CertificateBoundTokenFilter.thumbprint(alice.certificate())))
			.build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		new CertificateBoundTokenFilter(new ProblemResponseWriter(), SecurityEvents.NONE)
			.doFilter(new MockHttpServletRequest(), response, chain);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(chain.getRequest()).isNull();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void tokenWithoutConfirmationIsLeftAlone() throws Exception {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "HS256").subject("svc").build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
		MockFilterChain chain = new MockFilterChain();
		new CertificateBoundTokenFilter(new ProblemResponseWriter(), SecurityEvents.NONE)
			.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
	}

	private MtlsAuthenticationFilter newFilter(CertificateRevocationList revocationList, Clock clock) {
		MtlsProperties.Client client = new MtlsProperties.Client();
		client.setPrincipal("alice");
		client.setRoles(List.of("PAYMENTS"));
		this.properties.getClients().add(client);
		return new MtlsAuthenticationFilter(MtlsPrincipalSource.SUBJECT_CN, MtlsClients.from(this.properties),
				revocationList, new ProblemResponseWriter(), clock, SecurityEvents.NONE, SecurityObservations.NONE);
	}

	private FilterRun filter(CertificateRevocationList revocationList, Clock clock) {
		MtlsAuthenticationFilter filter = newFilter(revocationList, clock);
		return (request) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			filter.doFilter(request, response, new MockFilterChain());
			return response;
		};
	}

	private static MockHttpServletRequest request(Issued client) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.setAttribute(MtlsAuthenticationFilter.CERTIFICATE_ATTRIBUTE,
				new X509Certificate[] { client.certificate() });
		return request;
	}

	@FunctionalInterface
	interface FilterRun {

		MockHttpServletResponse andThen(MockHttpServletRequest request) throws Exception;

	}

	static final class MutableResource extends ByteArrayResource {

		volatile String content;

		MutableResource(String content) {
			super(new byte[0]);
			this.content = content;
		}

		@Override
		public InputStream getInputStream() {
			return new ByteArrayInputStream(this.content.getBytes(StandardCharsets.US_ASCII));
		}

	}

	static final class MutableClock extends Clock {

		volatile Instant now = Instant.now();

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
