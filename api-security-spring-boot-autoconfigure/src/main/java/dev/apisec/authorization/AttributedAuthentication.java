package dev.apisec.authorization;

import java.util.Map;

import org.springframework.security.core.Authentication;

/**
 * An authentication that carries attributes of its principal, tested by the
 * {@code claims} conditions of authorization rules like the claims of a token. The
 * starter's API-key and client-certificate authentications implement it; implement it in
 * an authentication of your own to make its attributes available to rules.
 */
public interface AttributedAuthentication extends Authentication {

	/**
	 * Return the principal's attributes: a string for an attribute with one value, a list
	 * of strings for one with several.
	 * @return the attributes, never {@code null}
	 */
	Map<String, Object> getAttributes();

}
