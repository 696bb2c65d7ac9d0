package dev.apisec.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Problem responses (RFC 9457) written for every error.
 */
@ConfigurationProperties("apisec.problems")
public class ProblemsProperties {

	/**
	 * Default base of the problem type URIs: a URN, so that no type points at a web site
	 * the application's owner does not control.
	 */
	public static final String DEFAULT_TYPE_BASE = "urn:apisec:problem:";

	/**
	 * Base of every problem type URI; the type's name is appended to it. An absolute URI
	 * ending in '/' or ':', for example https://api.example.com/problems/ where the
	 * catalogue is published.
	 */
	private String typeBase = DEFAULT_TYPE_BASE;

	public String getTypeBase() {
		return this.typeBase;
	}

	public void setTypeBase(String typeBase) {
		this.typeBase = typeBase;
	}

}
