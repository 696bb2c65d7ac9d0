package dev.apisec.sample.retail.web;

/**
 * A request whose field refers to something that does not exist, e.g. an unknown product
 * in an order.
 */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String getField() {
		return this.field;
	}

}
