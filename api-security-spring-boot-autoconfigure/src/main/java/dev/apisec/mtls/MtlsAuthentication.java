package dev.apisec.mtls;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.apisec.audit.ApiSecAuthentication;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.authorization.AttributedAuthentication;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller authenticated by its TLS client certificate: the name is the principal taken
 * from the certificate, the authorities are the roles of its entry in
 * {@code apisec.mtls.clients}, the attributes those of the same entry.
 */
public class MtlsAuthentication extends AbstractAuthenticationToken
		implements AttributedAuthentication, ApiSecAuthentication {

	private final String principal;

	private final transient X509Certificate certificate;

	private final Map<String, List<String>> attributes;

	/**
	 * Create an authentication with attributes.
	 * @param principal the principal taken from the certificate
	 * @param certificate the client certificate
	 * @param authorities the client's authorities
	 * @param attributes the client's attributes, each with one or more values
	 */
	public MtlsAuthentication(String principal, X509Certificate certificate,
			Collection<? extends GrantedAuthority> authorities, Map<String, List<String>> attributes) {
		super(authorities);
		this.principal = principal;
		this.certificate = certificate;
		this.attributes = Map.copyOf(attributes);
		setAuthenticated(true);
	}

	/**
	 * Return {@value SecurityEvent#MTLS}.
	 * @return the authentication method
	 */
	@Override
	public String getAuthenticationMethod() {
		return SecurityEvent.MTLS;
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
	 * Return the client's attributes, each a list of strings.
	 * @return the attributes
	 */
	@Override
	@SuppressWarnings("unchecked")
	public Map<String, Object> getAttributes() {
		// Immutable, so the view needs no copy.
		return (Map<String, Object>) (Map<String, ?>) this.attributes;
	}

	/**
	 * Return the client certificate the caller presented.
	 * @return the certificate
	 */
	public X509Certificate getCertificate() {
		return this.certificate;
	}

}
