package dev.apisec.mtls;

import java.nio.file.Path;

import dev.apisec.authorization.ApiSecHttpSecurityCustomizer;
import dev.apisec.test.TestCertificates;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static dev.apisec.support.ConfigurationFailures.assertConfigurationFailure;
import static dev.apisec.support.FeatureConditions.featureConditionMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MtlsAutoConfiguration}.
 */
class MtlsAutoConfigurationTests {

	private static final String CLIENT = "apisec.mtls.clients[0]";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, SslAutoConfiguration.class))
		.withUserConfiguration(ServerPropertiesConfiguration.class);

	@Test
	void withoutClientsMtlsIsOff() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MtlsProperties.class);
			assertThat(context).doesNotHaveBean(ApiSecHttpSecurityCustomizer.class);
			assertThat(featureConditionMessage(context, MtlsAutoConfiguration.class))
				.isEqualTo("API security mutual TLS did not find clients");
		});
	}

	@Test
	void clientsTurnMtlsOn() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", CLIENT + ".roles=PAYMENTS")
			.run((context) -> {
				assertThat(context).hasSingleBean(MtlsClients.class);
				assertThat(context.getBean(MtlsClients.class).authorities("alice")).hasValueSatisfying(
						(authorities) -> assertThat(authorities.toString()).isEqualTo("[ROLE_PAYMENTS]"));
				assertThat(context).hasBean("apisecMtlsHttpSecurityCustomizer");
				assertThat(context).hasBean("apisecCertificateBoundTokenCustomizer");
				assertThat(context).doesNotHaveBean(CertificateRevocationList.class);
				assertThat(context.getBean(MtlsProperties.class).getPrincipal())
					.isEqualTo(MtlsPrincipalSource.SUBJECT_CN);
				assertThat(featureConditionMessage(context, MtlsAutoConfiguration.class))
					.isEqualTo("API security mutual TLS found clients apisec.mtls.clients");
			});
	}

	@Test
	void enabledWithoutClientsTurnsMtlsOn() {
		this.contextRunner.withPropertyValues("apisec.mtls.enabled=true", "apisec.mtls.principal=san-uri")
			.run((context) -> {
				assertThat(context).hasBean("apisecMtlsHttpSecurityCustomizer");
				assertThat(context.getBean(MtlsProperties.class).getPrincipal()).isEqualTo(MtlsPrincipalSource.SAN_URI);
			});
	}

	@Test
	void disabledWinsOverClients() {
		this.contextRunner.withPropertyValues("apisec.mtls.enabled=false", CLIENT + ".principal=alice")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ApiSecHttpSecurityCustomizer.class);
				assertThat(featureConditionMessage(context, MtlsAutoConfiguration.class))
					.isEqualTo("API security mutual TLS apisec.mtls.enabled is false");
			});
	}

	@Test
	void starterSwitchTurnsMtlsOff() {
		this.contextRunner.withPropertyValues("apisec.enabled=false", CLIENT + ".principal=alice")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsProperties.class));
	}

	@Test
	void certificateBoundTokensCanBeTurnedOff() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.certificate-bound-tokens=false")
			.run((context) -> assertThat(context).doesNotHaveBean("apisecCertificateBoundTokenCustomizer"));
	}

	@Test
	void withoutTheResourceServerThereIsNoCertificateBoundTokenCheck() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
			.withPropertyValues(CLIENT + ".principal=alice")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean("apisecMtlsHttpSecurityCustomizer");
				assertThat(context).doesNotHaveBean("apisecCertificateBoundTokenCustomizer");
			});
	}

	@Test
	void userBeansReplaceTheStartersOnes() {
		this.contextRunner.withUserConfiguration(UserBeans.class)
			.withPropertyValues(CLIENT + ".principal=alice")
			.run((context) -> {
				assertThat(context.getBean(MtlsClients.class)).isSameAs(UserBeans.CLIENTS);
				assertThat(context.getBean("apisecMtlsHttpSecurityCustomizer")).isSameAs(UserBeans.CUSTOMIZER);
			});
	}

	@Test
	void crlIsReadAtStartup(@TempDir Path dir) {
		TestCertificates.Issued ca = TestCertificates.ca("CRL CA");
		Path crl = TestCertificates.write(dir, "ca.crl", TestCertificates.crl(ca));
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.crl-location=file:" + crl)
			.run((context) -> assertThat(context).hasSingleBean(CertificateRevocationList.class));
	}

	@Test
	void serverCertificatesNeedAServerSslBundle() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice").run((context) -> {
			assertThat(context).doesNotHaveBean(ServerCertificates.class);
			assertThat(context).doesNotHaveBean(MtlsCertificatesHealthIndicator.class);
			assertThat(context).doesNotHaveBean(CertificateExpiryMetrics.class);
		});
	}

	@Test
	void serverSslBundleGivesHealthAndMetrics(@TempDir Path dir) {
		TestCertificates.Issued ca = TestCertificates.ca("Bundle CA");
		TestCertificates.Issued server = TestCertificates.issue(ca, new X500Name("CN=localhost"));
		Path certificate = TestCertificates.write(dir, "server.crt", server.certificatePem());
		Path key = TestCertificates.write(dir, "server.key", server.keyPem());
		Path trusted = TestCertificates.write(dir, "ca.crt", ca.certificatePem());
		this.contextRunner
			.withPropertyValues(CLIENT + ".principal=alice", "server.ssl.bundle=server",
					"spring.ssl.bundle.pem.server.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.server.keystore.private-key=file:" + key,
					"spring.ssl.bundle.pem.server.truststore.certificate=file:" + trusted)
			.run((context) -> {
				assertThat(context.getBean(ServerCertificates.class).certificates())
					.extracting(ServerCertificates.Entry::subject)
					.containsExactly("CN=localhost", "CN=Bundle CA");
				assertThat(context).hasSingleBean(MtlsCertificatesHealthIndicator.class);
				assertThat(context).hasSingleBean(CertificateExpiryMetrics.class);
			});
		this.contextRunner
			.withPropertyValues(CLIENT + ".principal=alice", "server.ssl.bundle=server",
					"management.health.apiseccertificates.enabled=false",
					"spring.ssl.bundle.pem.server.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.server.keystore.private-key=file:" + key)
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsCertificatesHealthIndicator.class));
	}

	@Test
	void clientWithoutPrincipalFailsAtStartup() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.clients[1].roles=ADMIN")
			.run((context) -> assertConfigurationFailure(context, "apisec.mtls.clients[1].principal",
					"a client needs a principal", "Set it to the client's subject-cn value"));
	}

	@Test
	void principalListedTwiceFailsAtStartup() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.clients[1].principal=alice")
			.run((context) -> assertConfigurationFailure(context, "apisec.mtls.clients[1].principal",
					"the principal 'alice' is listed more than once", "List each client once"));
	}

	@Test
	void unknownPrincipalTypeFailsAtStartup() {
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.principal=subject-dn")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindException bind = findCause(context.getStartupFailure(), BindException.class);
				assertThat(bind.getProperty().getName().toString()).isEqualTo("apisec.mtls.principal");
				assertThat(bind.getProperty().getValue()).isEqualTo("subject-dn");
			});
	}

	@Test
	void unreadableCrlFailsAtStartup(@TempDir Path dir) {
		Path crl = TestCertificates.write(dir, "broken.crl", "not a CRL");
		this.contextRunner.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.crl-location=file:" + crl)
			.run((context) -> assertConfigurationFailure(context, "apisec.mtls.crl-location",
					"the certificate revocation list URL [file:" + crl + "] cannot be read (No CRL data found)",
					"Point it at a readable PEM or DER X.509 CRL file."));
		this.contextRunner
			.withPropertyValues(CLIENT + ".principal=alice", "apisec.mtls.crl-location=file:" + dir.resolve("missing"))
			.run((context) -> assertConfigurationFailure(context, "apisec.mtls.crl-location", "cannot be read",
					"Point it at a readable PEM or DER X.509 CRL file."));
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		while (current != null && !type.isInstance(current)) {
			current = current.getCause();
		}
		return type.cast(current);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ServerProperties.class)
	static class ServerPropertiesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final MtlsClients CLIENTS = MtlsClients.from(new MtlsProperties());

		static final ApiSecHttpSecurityCustomizer CUSTOMIZER = (http) -> {
		};

		@Bean
		MtlsClients userClients() {
			return CLIENTS;
		}

		@Bean
		ApiSecHttpSecurityCustomizer apisecMtlsHttpSecurityCustomizer() {
			return CUSTOMIZER;
		}

	}

}
