package dev.apisec.apikey;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request made with an API key: the key id is the principal name, the
 * key's roles become {@code ROLE_<role>} and its scopes {@code SCOPE_<scope>} authorities.
 * Neither the key nor its hash is kept.
 */
public class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final String keyId;

	/**
	 * Create an authentication for a key.
	 * @param key the accepted key
	 */
	public ApiKeyAuthentication(ApiKey key) {
		super(authorities(key));
		this.keyId = key.id();
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

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.keyId;
	}

}
