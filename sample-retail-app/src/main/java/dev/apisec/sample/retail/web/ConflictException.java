package dev.apisec.sample.retail.web;

/**
 * A request that cannot be carried out in the current state, e.g. too little stock.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
