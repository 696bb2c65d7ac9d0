package dev.apisec.support;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * Registers one of the starter's servlet filters with the servlet container: under its
 * bean name, at its {@link ApiSecFilterOrder}, for the dispatcher types it handles.
 */
public final class ApiSecFilterRegistration {

	private ApiSecFilterRegistration() {
	}

	/**
	 * Return the registration of a filter.
	 * @param <F> the type of the filter
	 * @param filter the filter
	 * @param name the name the container knows the filter by
	 * @param order the order, one of {@link ApiSecFilterOrder}
	 * @param dispatcherType a dispatcher type the filter runs for
	 * @param dispatcherTypes further dispatcher types it runs for
	 * @return the registration
	 */
	public static <F extends Filter> FilterRegistrationBean<F> of(F filter, String name, int order,
			DispatcherType dispatcherType, DispatcherType... dispatcherTypes) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setName(name);
		registration.setOrder(order);
		registration.setDispatcherTypes(dispatcherType, dispatcherTypes);
		return registration;
	}

}
