package dev.apisec.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Strict input: request body size and how JSON request bodies are read.
 */
@ConfigurationProperties("apisec.validation")
public class RequestValidationProperties {

	/**
	 * Whether JSON request bodies are read strictly: unknown properties, duplicate keys
	 * and content after the JSON value are refused with 400.
	 */
	private boolean strictJson = true;

	/**
	 * Largest request body accepted; larger bodies are refused with 413, with or without
	 * a Content-Length.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Deepest nesting of arrays and objects in a JSON request body.
	 */
	private int maxNestingDepth = 64;

	/**
	 * Longest string value in a JSON request body, in characters.
	 */
	private int maxStringLength = 100_000;

	/**
	 * Longest number in a JSON request body, in characters.
	 */
	private int maxNumberLength = 100;

	public boolean isStrictJson() {
		return this.strictJson;
	}

	public void setStrictJson(boolean strictJson) {
		this.strictJson = strictJson;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public int getMaxNestingDepth() {
		return this.maxNestingDepth;
	}

	public void setMaxNestingDepth(int maxNestingDepth) {
		this.maxNestingDepth = maxNestingDepth;
	}

	public int getMaxStringLength() {
		return this.maxStringLength;
	}

	public void setMaxStringLength(int maxStringLength) {
		this.maxStringLength = maxStringLength;
	}

	public int getMaxNumberLength() {
		return this.maxNumberLength;
	}

	public void setMaxNumberLength(int maxNumberLength) {
		this.maxNumberLength = maxNumberLength;
	}

}
