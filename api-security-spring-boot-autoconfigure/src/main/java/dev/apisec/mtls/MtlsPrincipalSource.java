package dev.apisec.mtls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate field that names a client. Names are taken from the parsed certificate
 * (RDNs of the subject, typed subject alternative names), never by matching text in the
 * DN string, so an escaped comma or a second CN cannot make one client look like another.
 * A field that is missing, or present more than once, names nobody.
 */
public enum MtlsPrincipalSource {

	/**
	 * The subject's common name; the subject must have exactly one CN attribute.
	 */
	SUBJECT_CN {

		@Override
		public Optional<String> extract(X509Certificate certificate) {
			String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
			List<String> names = new ArrayList<>();
			try {
				for (Rdn rdn : new LdapName(dn).getRdns()) {
					// A multi-valued RDN (CN=a+O=b) holds several attributes: look at
					// each.
					NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
					while (attributes.hasMore()) {
						Attribute attribute = attributes.next();
						if ("CN".equals(attribute.getID().toUpperCase(Locale.ROOT))) {
							for (int i = 0; i < attribute.size(); i++) {
								names.add((attribute.get(i) instanceof String name) ? name : null);
							}
						}
					}
				}
			}
			catch (NamingException ex) {
				return Optional.empty();
			}
			return single(names);
		}

	},

	/**
	 * The subject alternative name of type dNSName; exactly one is required.
	 */
	SAN_DNS(2),

	/**
	 * The subject alternative name of type uniformResourceIdentifier; exactly one is
	 * required.
	 */
	SAN_URI(6),

	/**
	 * The subject alternative name of type rfc822Name (e-mail); exactly one is required.
	 */
	SAN_EMAIL(1);

	private final int sanType;

	MtlsPrincipalSource() {
		this(-1);
	}

	MtlsPrincipalSource(int sanType) {
		this.sanType = sanType;
	}

	/**
	 * Return the name the certificate gives to its client, if it gives exactly one.
	 * @param certificate the client certificate
	 * @return the principal, or empty when the field is missing, repeated or unreadable
	 */
	public Optional<String> extract(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		try {
			Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
			if (alternativeNames != null) {
				for (List<?> name : alternativeNames) {
					if (name.size() >= 2 && name.get(0) instanceof Integer type && type == this.sanType) {
						names.add((name.get(1) instanceof String value) ? value : null);
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			return Optional.empty();
		}
		return single(names);
	}

	private static Optional<String> single(List<String> names) {
		if (names.size() != 1 || names.get(0) == null || names.get(0).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(names.get(0));
	}

}
