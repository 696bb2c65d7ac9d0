package dev.apisec.sample.retail.web;

/**
 * A resource that does not exist, or that the caller may not know exists.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String resource, Object id) {
		super("No " + resource + " with id " + id);
	}

}
