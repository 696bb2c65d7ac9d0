package dev.apisec.apikey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.apisec.audit.ApiSecAuthentication;
import dev.apisec.audit.SecurityEvent;
import dev.apisec.authorization.AttributedAuthentication;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request made with an API key: the key id is the principal name, the
 * key's roles become {@code ROLE_<role>} and its scopes {@code SCOPE_<scope>}
 * authorities, its attributes are what the claims conditions of authorization rules test.
 * Neither the key nor its hash is kept.
 */
public class ApiKeyAuthentication extends AbstractAuthenticationToken
		implements AttributedAuthentication, ApiSecAuthentication {

	private final String keyId;

	private final Map<String, List<String>> attributes;

	/**
	 * Create an authentication for a key.
	 * @param key the accepted key
	 */
	public ApiKeyAuthentication(ApiKey key) {
		super(authorities(key));
		this.keyId = key.id();
		this.attributes = key.attributes();
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(ApiKey key) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		key.roles().forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		key.scopes().forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		return authorities;
	}

	/**
	 * Return the id of the key the request was made with.
	 * @return the key id
	 */
	public String getKeyId() {
		return this.keyId;
	}

	/**
	 * Return the key's attributes, each a list of strings.
	 * @return the attributes
	 */
	@Override
	@SuppressWarnings("unchecked")
	public Map<String, Object> getAttributes() {
		// Immutable (see ApiKey), so the view needs no copy.
		return (Map<String, Object>) (Map<String, ?>) this.attributes;
	}

	/**
	 * Return {@value SecurityEvent#API_KEY}.
	 * @return the authentication method
	 */
	@Override
	public String getAuthenticationMethod() {
		return SecurityEvent.API_KEY;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.keyId;
	}

}
