package dev.apisec.test;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real X.509 material made at test time with BouncyCastle: CAs, server and client
 * certificates (EC P-256, fast to generate), CRLs, PEM files and client SSL contexts.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

	private TestCertificates() {
	}

	/**
	 * A certificate with its private key.
	 *
	 * @param certificate the certificate
	 * @param keyPair its key pair
	 */
	public record Issued(X509Certificate certificate, KeyPair keyPair) {

		public String certificatePem() {
			return pem(this.certificate);
		}

		public String keyPem() {
			try {
				return pem(new JcaPKCS8Generator(this.keyPair.getPrivate(), null));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * A self-signed CA valid for a day around now.
	 * @param cn the common name
	 * @return the CA
	 */
	public static Issued ca(String cn) {
		KeyPair keys = keyPair();
		return sign(new X500Name("CN=" + cn), keys, new X500Name("CN=" + cn), keys.getPrivate(), true,
				Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(365)));
	}

	/**
	 * A certificate issued by a CA.
	 * @param ca the issuer
	 * @param subject the subject, built so that tricky names keep their exact RDNs
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @param alternativeNames subject alternative names
	 * @return the certificate and its keys
	 */
	public static Issued issue(Issued ca, X500Name subject, Instant notBefore, Instant notAfter,
			GeneralName... alternativeNames) {
		return sign(subject, keyPair(), X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
				ca.keyPair().getPrivate(), false, notBefore, notAfter, alternativeNames);
	}

	/**
	 * A certificate valid from an hour ago for a year.
	 * @param ca the issuer
	 * @param subject the subject
	 * @param alternativeNames subject alternative names
	 * @return the certificate and its keys
	 */
	public static Issued issue(Issued ca, X500Name subject, GeneralName... alternativeNames) {
		return issue(ca, subject, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(365)),
				alternativeNames);
	}

	/**
	 * A PEM CRL of the CA revoking the given certificates.
	 * @param ca the CA
	 * @param revoked the revoked certificates
	 * @return the PEM text
	 */
	public static String crl(Issued ca, X509Certificate... revoked) {
		try {
			Date now = new Date();
			X509v2CRLBuilder builder = new X509v2CRLBuilder(
					X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), now);
			builder.setNextUpdate(new Date(now.getTime() + 86_400_000L));
			for (X509Certificate certificate : revoked) {
				builder.addCRLEntry(certificate.getSerialNumber(), now, 1);
			}
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keyPair().getPrivate());
			return pem(new JcaX509CRLConverter().getCRL(builder.build(signer)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An SSL context presenting a client certificate (or none) and trusting the CA.
	 * @param client the client, or {@code null} for none
	 * @param trusted the CA that issued the server's certificate
	 * @return the context
	 */
	public static SSLContext sslContext(Issued client, Issued trusted) {
		try {
			char[] password = "secret".toCharArray();
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			if (client != null) {
				keyStore.setKeyEntry("client", client.keyPair().getPrivate(), password,
						new X509Certificate[] { client.certificate() });
			}
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, password);
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", trusted.certificate());
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write text to a file.
	 * @param directory the directory
	 * @param name the file name
	 * @param content the content
	 * @return the file
	 */
	public static Path write(Path directory, String name, String content) {
		try {
			return Files.writeString(directory.resolve(name), content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write a server certificate, its private key and the CA that clients are checked
	 * against as PEM files ({@code server.crt}, {@code server.key}, {@code ca.crt}) into
	 * a new temporary directory, for {@link #registerServerBundle}.
	 * @param server the server's certificate and keys
	 * @param ca the CA of the trusted client certificates
	 * @return the directory
	 */
	public static Path writeServerFiles(Issued server, Issued ca) {
		try {
			Path directory = Files.createTempDirectory("apisec-server-bundle");
			write(directory, "server.crt", server.certificatePem());
			write(directory, "server.key", server.keyPem());
			write(directory, "ca.crt", ca.certificatePem());
			return directory;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Register a PEM SSL bundle named {@code server} made of the files that
	 * {@link #writeServerFiles} wrote.
	 * @param registry the test's property registry
	 * @param directory the directory of the files
	 */
	public static void registerServerBundle(DynamicPropertyRegistry registry, Path directory) {
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate",
				() -> "file:" + directory.resolve("server.crt"));
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key",
				() -> "file:" + directory.resolve("server.key"));
		registry.add("spring.ssl.bundle.pem.server.truststore.certificate",
				() -> "file:" + directory.resolve("ca.crt"));
	}

	private static Issued sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey, boolean ca,
			Instant notBefore, Instant notAfter, GeneralName... alternativeNames) {
		try {
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(serials.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
					keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (ca) {
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			else {
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			}
			if (alternativeNames.length > 0) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
			}
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
			X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
			return new Issued(certificate, keys);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(Object object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return text.toString();
	}

}
