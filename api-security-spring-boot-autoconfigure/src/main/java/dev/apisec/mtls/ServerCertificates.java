package dev.apisec.mtls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The certificates of the server's SSL bundle ({@code server.ssl.bundle}): the server's
 * own chain from the key store and the trusted CAs of the trust store, read anew on every
 * call so that a reloaded bundle is seen.
 */
public class ServerCertificates {

	private final SslBundles bundles;

	private final String bundleName;

	public ServerCertificates(SslBundles bundles, String bundleName) {
		this.bundles = bundles;
		this.bundleName = bundleName;
	}

	/**
	 * Return the name of the bundle.
	 * @return the bundle name
	 */
	public String getBundleName() {
		return this.bundleName;
	}

	/**
	 * Return the bundle's certificates.
	 * @return the certificates, key store first
	 */
	public List<Entry> certificates() {
		SslBundle bundle = this.bundles.getBundle(this.bundleName);
		List<Entry> entries = new ArrayList<>();
		addAll(entries, "keystore", bundle.getStores().getKeyStore(), true);
		addAll(entries, "truststore", bundle.getStores().getTrustStore(), false);
		return entries;
	}

	private void addAll(List<Entry> entries, String store, KeyStore keyStore, boolean chains) {
		if (keyStore == null) {
			return;
		}
		try {
			for (String alias : Collections.list(keyStore.aliases())) {
				Certificate[] chain = chains ? keyStore.getCertificateChain(alias) : null;
				if (chain == null) {
					Certificate certificate = keyStore.getCertificate(alias);
					chain = (certificate != null) ? new Certificate[] { certificate } : new Certificate[0];
				}
				for (int i = 0; i < chain.length; i++) {
					if (chain[i] instanceof X509Certificate x509) {
						String name = (i == 0) ? alias : alias + "/" + i;
						entries.add(new Entry(store, name, x509.getSubjectX500Principal().getName(),
								x509.getNotAfter().toInstant()));
					}
				}
			}
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("Cannot read the " + store + " of SSL bundle '" + this.bundleName + "'",
					ex);
		}
	}

	/**
	 * A certificate of the bundle.
	 *
	 * @param store {@code keystore} or {@code truststore}
	 * @param alias the entry's alias, with {@code /n} for the n-th certificate of a chain
	 * @param subject the subject DN
	 * @param notAfter the end of the validity
	 */
	public record Entry(String store, String alias, String subject, Instant notAfter) {
	}

}
