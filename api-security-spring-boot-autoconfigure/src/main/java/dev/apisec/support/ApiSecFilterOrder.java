package dev.apisec.support;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.filter.OrderedFilter;
import org.springframework.core.Ordered;

/**
 * Orders of the starter's servlet filters, in the order a request passes them, placed
 * against the filters of Spring Boot and Spring Security (a lower order runs first). A
 * filter of the application's own goes between two of them with an order between their
 * values, e.g. {@code ApiSecFilterOrder.REQUIRE_HTTPS + 1} to run after the HTTPS check
 * and before the IP rules.
 * <ol>
 * <li>Spring Boot's character encoding filter ({@link Ordered#HIGHEST_PRECEDENCE}) and,
 * with the actuator, the HTTP observation filter (one after it), so that the refusals
 * below are traced.</li>
 * <li>{@link #SECURITY_HEADERS}, {@link #REQUIRE_HTTPS}, {@link #IP_RULES}: transport
 * checks, before anything reads the request.</li>
 * <li>{@link #REQUEST_BODY_LIMIT}: the filter that wraps the request to count its body,
 * well inside Spring Boot's range for such filters (orders up to
 * {@link OrderedFilter#REQUEST_WRAPPER_FILTER_MAX_ORDER}), before Spring's
 * {@code FormContentFilter} (-9900) and every other filter that may read a body.</li>
 * <li>{@link #CORS}, {@link #DEPRECATION}, {@link #RESOURCE_METADATA},
 * {@link #EMPTY_ACTUATOR_ERROR}: just before Spring Security, so that a preflight needs
 * no credentials and a refused request still carries its deprecation headers.</li>
 * <li>Spring Security's filter ({@link SecurityProperties#DEFAULT_FILTER_ORDER}, -100),
 * where the application's chains are asked first and the starter's chain
 * ({@link #SECURITY_FILTER_CHAIN}) last: authentication (JWT, API key, client
 * certificate) and the authorization rules.</li>
 * <li>{@link #RATE_LIMIT}: just after Spring Security, so that it sees the authenticated
 * caller, and before the dispatcher servlet and its validation of the input.</li>
 * </ol>
 */
public final class ApiSecFilterOrder {

	/**
	 * Order of the security headers filter (-10100): before every other filter of the
	 * starter, the body size limit included, so that every response carries the headers.
	 */
	public static final int SECURITY_HEADERS = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 10_100;

	/**
	 * Order of the HTTPS filter (-10090): a plain-HTTP request is refused before anything
	 * reads it.
	 */
	public static final int REQUIRE_HTTPS = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 10_090;

	/**
	 * Order of the IP and country rules filter (-10080): a refused client is refused
	 * before anything reads its request.
	 */
	public static final int IP_RULES = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 10_080;

	/**
	 * Order of the request body size limit (-10000): before every filter that may read a
	 * body, Spring's {@code FormContentFilter} and Spring Security included, after the
	 * observation filter so that a 413 is traced.
	 */
	public static final int REQUEST_BODY_LIMIT = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 10_000;

	/**
	 * Order of the CORS filter (-120): before authentication, so that preflights need no
	 * credentials.
	 */
	public static final int CORS = SecurityProperties.DEFAULT_FILTER_ORDER - 20;

	/**
	 * Order of the deprecation filter (-115): before Spring Security, so that 401 and 403
	 * answers announce the deprecation too.
	 */
	public static final int DEPRECATION = SecurityProperties.DEFAULT_FILTER_ORDER - 15;

	/**
	 * Order of the protected resource metadata filter (-110): after CORS and the
	 * deprecation headers, before Spring Security, which the public metadata document
	 * does not need.
	 */
	public static final int RESOURCE_METADATA = SecurityProperties.DEFAULT_FILTER_ORDER - 10;

	/**
	 * Order of the filter that gives the actuator's empty error responses a body (-105):
	 * before Spring Security.
	 */
	public static final int EMPTY_ACTUATOR_ERROR = SecurityProperties.DEFAULT_FILTER_ORDER - 5;

	/**
	 * Order of the starter's {@code SecurityFilterChain} among the application's chains,
	 * inside Spring Security's filter, not a servlet filter order: last, so that a chain
	 * of the application's with its own request matcher is asked first.
	 */
	public static final int SECURITY_FILTER_CHAIN = Ordered.LOWEST_PRECEDENCE;

	/**
	 * Order of the rate-limit filter (-90): just after Spring Security's filter.
	 */
	public static final int RATE_LIMIT = SecurityProperties.DEFAULT_FILTER_ORDER + 10;

	private ApiSecFilterOrder() {
	}

}
