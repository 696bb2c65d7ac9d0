package dev.apisec.test;

import java.nio.file.Path;

import dev.apisec.test.TestCertificates.Issued;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * The certificates of an HTTPS test: a CA, a server certificate it issued for
 * {@code localhost} and {@code 127.0.0.1}, both written as the PEM files of the SSL
 * bundle named {@code server} (the server's key pair, and the CA its clients are checked
 * against), and client certificates of the same CA.
 * <p>
 * A test class holds it in a static field annotated with {@code @RegisterExtension}; the
 * files are deleted after the class.
 */
public final class ServerCertificates implements AfterAllCallback {

	private final Issued ca;

	private final Issued server;

	private final Path directory;

	private ServerCertificates(Issued ca) {
		this.ca = ca;
		this.server = TestCertificates.issue(ca, new X500Name("CN=localhost"),
				new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		this.directory = TestCertificates.writeServerFiles(this.server, ca);
	}

	/**
	 * Make a new CA and the server's certificate, and write the bundle's files.
	 * @param caName the common name of the CA
	 * @return the certificates
	 */
	public static ServerCertificates issuedBy(String caName) {
		return new ServerCertificates(TestCertificates.ca(caName));
	}

	public Issued ca() {
		return this.ca;
	}

	public Issued server() {
		return this.server;
	}

	/**
	 * Return the directory of the bundle's files, where a test may write more (a CRL).
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Issue a client certificate valid from an hour ago for a year.
	 * @param subject the subject
	 * @return the certificate and its keys
	 */
	public Issued issue(String subject) {
		return TestCertificates.issue(this.ca, new X500Name(subject));
	}

	/**
	 * Add the {@code server} SSL bundle made of the files.
	 * @param registry the test's property registry
	 */
	public void addProperties(DynamicPropertyRegistry registry) {
		TestCertificates.registerServerBundle(registry, this.directory);
	}

	/**
	 * Return HTTPS calls to the application on this port, trusting the CA.
	 * @param port the application's port
	 * @return the client
	 */
	public Https https(int port) {
		return new Https(port, this.ca);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

}
