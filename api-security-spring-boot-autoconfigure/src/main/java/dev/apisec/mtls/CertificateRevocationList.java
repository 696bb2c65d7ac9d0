package dev.apisec.mtls;

import java.io.InputStream;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.apisec.support.ApiSecConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;

/**
 * The certificate revocation lists of {@code apisec.mtls.crl-location} (PEM or DER, one
 * or several CRLs). Read at startup, where an unreadable file stops the application, and
 * read again every {@code crl-refresh} when that is set; a failed refresh keeps the lists
 * read before and is logged.
 */
public class CertificateRevocationList {

	private static final Log logger = LogFactory.getLog(CertificateRevocationList.class);

	private final Resource location;

	private final Duration refresh;

	private final Clock clock;

	private volatile List<X509CRL> crls;

	private volatile Instant loadedAt;

	public CertificateRevocationList(Resource location, Duration refresh, Clock clock) {
		this.location = location;
		this.refresh = refresh;
		this.clock = clock;
		try {
			this.crls = read(location);
		}
		catch (Exception ex) {
			throw new ApiSecConfigurationException("apisec.mtls.crl-location",
					"the certificate revocation list " + location + " cannot be read (" + ex.getMessage() + ")",
					"Point it at a readable PEM or DER X.509 CRL file.");
		}
		this.loadedAt = clock.instant();
	}

	/**
	 * Return whether a certificate is revoked by one of the lists.
	 * @param certificate the client certificate
	 * @return whether it is revoked
	 */
	public boolean isRevoked(X509Certificate certificate) {
		refreshIfDue();
		for (X509CRL crl : this.crls) {
			// Only a list of the certificate's own issuer speaks for its serial number.
			if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
					&& crl.isRevoked(certificate)) {
				return true;
			}
		}
		return false;
	}

	private void refreshIfDue() {
		if (this.refresh == null || this.clock.instant().isBefore(this.loadedAt.plus(this.refresh))) {
			return;
		}
		synchronized (this) {
			if (this.clock.instant().isBefore(this.loadedAt.plus(this.refresh))) {
				return;
			}
			this.loadedAt = this.clock.instant();
			try {
				this.crls = read(this.location);
			}
			catch (Exception ex) {
				logger.warn("Keeping the certificate revocation list read before: " + this.location
						+ " cannot be read (" + ex.getMessage() + ")");
			}
		}
	}

	private static List<X509CRL> read(Resource location) throws Exception {
		try (InputStream in = location.getInputStream()) {
			Collection<? extends CRL> read = CertificateFactory.getInstance("X.509").generateCRLs(in);
			List<X509CRL> crls = new ArrayList<>();
			for (CRL crl : read) {
				crls.add((X509CRL) crl);
			}
			if (crls.isEmpty()) {
				throw new IllegalStateException("no CRL found");
			}
			return List.copyOf(crls);
		}
	}

}
