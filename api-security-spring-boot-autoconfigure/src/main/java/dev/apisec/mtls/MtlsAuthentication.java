package dev.apisec.mtls;

import java.security.cert.X509Certificate;
import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller authenticated by its TLS client certificate: the name is the principal taken
 * from the certificate, the authorities are the roles of its entry in
 * {@code apisec.mtls.clients}.
 */
public class MtlsAuthentication extends AbstractAuthenticationToken {

	private final String principal;

	private final transient X509Certificate certificate;

	public MtlsAuthentication(String principal, X509Certificate certificate,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.principal = principal;
		this.certificate = certificate;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return this.certificate;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	/**
	 * Return the client certificate the caller presented.
	 * @return the certificate
	 */
	public X509Certificate getCertificate() {
		return this.certificate;
	}

}
