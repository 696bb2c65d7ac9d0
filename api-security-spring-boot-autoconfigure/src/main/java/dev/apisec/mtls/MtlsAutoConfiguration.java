package dev.apisec.mtls;

import java.time.Clock;

import dev.apisec.audit.SecurityEvents;
import dev.apisec.audit.SecurityObservations;
import dev.apisec.authorization.ApiSecHttpSecurityCustomizer;
import dev.apisec.authorization.AuthorizationAutoConfiguration;
import dev.apisec.support.ConditionalOnApiSecEnabled;
import dev.apisec.support.ConditionalOnApiSecFeature;
import dev.apisec.web.ProblemResponseWriter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * Auto-configuration of mutual TLS from {@code apisec.mtls.*}: client certificates
 * authenticate known clients in the starter's filter chain (through an
 * {@link ApiSecHttpSecurityCustomizer}), certificate-bound access tokens are checked
 * against the presented certificate, and the server's certificates show in health and
 * metrics. The handshake itself (trust store, {@code client-auth}) is Spring Boot's
 * {@code server.ssl.*} with an SSL bundle.
 */
@AutoConfiguration(before = AuthorizationAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnApiSecFeature(name = "mutual TLS", prefix = "apisec.mtls", list = "clients",
		element = MtlsProperties.Client.class)
@EnableConfigurationProperties(MtlsProperties.class)
@Import({ MtlsAutoConfiguration.CertificateBoundTokenConfiguration.class,
		MtlsAutoConfiguration.ServerCertificatesConfiguration.class })
public class MtlsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MtlsClients apisecMtlsClients(MtlsProperties properties) {
		return MtlsClients.from(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("apisec.mtls.crl-location")
	CertificateRevocationList apisecCertificateRevocationList(MtlsProperties properties) {
		return new CertificateRevocationList(properties.getCrlLocation(), properties.getCrlRefresh(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(name = "apisecMtlsHttpSecurityCustomizer")
	ApiSecHttpSecurityCustomizer apisecMtlsHttpSecurityCustomizer(MtlsProperties properties, MtlsClients clients,
			ObjectProvider<CertificateRevocationList> revocationList,
			ObjectProvider<ProblemResponseWriter> problemResponseWriter, ObjectProvider<SecurityEvents> events,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return (http) -> {
			// Not a bean: a Filter bean would also be registered with the servlet
			// container.
			MtlsAuthenticationFilter filter = new MtlsAuthenticationFilter(properties.getPrincipal(), clients,
					revocationList.getIfAvailable(), problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
					Clock.systemUTC(), events.getIfAvailable(() -> SecurityEvents.NONE),
					new SecurityObservations(observationRegistry.getIfAvailable()));
			http.addFilterAt(filter, X509AuthenticationFilter.class);
		};
	}

	// Nothing outside this class may name the resource server's types: it is optional.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwtAuthenticationToken.class)
	@ConditionalOnProperty(name = "apisec.mtls.certificate-bound-tokens", matchIfMissing = true)
	static class CertificateBoundTokenConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "apisecCertificateBoundTokenCustomizer")
		ApiSecHttpSecurityCustomizer apisecCertificateBoundTokenCustomizer(
				ObjectProvider<ProblemResponseWriter> problemResponseWriter, ObjectProvider<SecurityEvents> events,
				ObjectProvider<BearerTokenResolver> bearerTokenResolver) {
			return (http) -> {
				CertificateBoundTokenFilter filter = new CertificateBoundTokenFilter(
						problemResponseWriter.getIfAvailable(ProblemResponseWriter::new),
						events.getIfAvailable(() -> SecurityEvents.NONE));
				// The resolver the starter's chain uses: the application's, or one that
				// finds the same tokens as the default.
				filter.setBearerTokenResolver(bearerTokenResolver.getIfUnique(DefaultBearerTokenResolver::new));
				http.addFilterAfter(filter, BearerTokenAuthenticationFilter.class);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SslBundles.class)
	@ConditionalOnProperty("server.ssl.bundle")
	static class ServerCertificatesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServerCertificates apisecServerCertificates(SslBundles bundles, ServerProperties serverProperties) {
			return new ServerCertificates(bundles, serverProperties.getSsl().getBundle());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
		@ConditionalOnEnabledHealthIndicator("apiseccertificates")
		static class HealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "apisecCertificatesHealthIndicator")
			MtlsCertificatesHealthIndicator apisecCertificatesHealthIndicator(ServerCertificates certificates,
					MtlsProperties properties) {
				return new MtlsCertificatesHealthIndicator(certificates, properties.getExpiryWarning(),
						Clock.systemUTC());
			}

		}

		// Micrometer is optional: nothing outside this class may name its types.
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterBinder.class)
		static class MetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			CertificateExpiryMetrics apisecCertificateExpiryMetrics(ServerCertificates certificates) {
				return new CertificateExpiryMetrics(certificates, Clock.systemUTC());
			}

		}

	}

}
