package dev.apisec.actuate;

import java.io.IOException;
import java.io.PrintWriter;

import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ApiSecFilterRegistration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the empty error responses of actuator endpoints into the application's error
 * responses (the starter's problem+json). An endpoint answers some requests with a bare
 * status: a health component that does not exist or may not be shown, an unknown log
 * group, a missing cache, all 404 without a body, written without {@code sendError}, so
 * the error page never sees them. Registered for the actuator's base path only; a
 * response with a body, or any status below 400, passes untouched.
 */
class EmptyActuatorErrorFilter extends OncePerRequestFilter {

	/**
	 * Return the filter's registration for the actuator's base path. Disabled when the
	 * endpoints are at the root, which would put every path of the application under the
	 * filter.
	 * @param basePath the actuator's base path
	 * ({@code management.endpoints.web.base-path})
	 * @return the registration
	 */
	static FilterRegistrationBean<EmptyActuatorErrorFilter> registration(String basePath) {
		FilterRegistrationBean<EmptyActuatorErrorFilter> registration = ApiSecFilterRegistration.of(
				new EmptyActuatorErrorFilter(), "apisecEmptyActuatorErrorFilter",
				ApiSecFilterOrder.EMPTY_ACTUATOR_ERROR, DispatcherType.REQUEST);
		if (StringUtils.hasText(basePath) && !"/".equals(basePath)) {
			registration.addUrlPatterns(basePath + "/*");
		}
		else {
			registration.setEnabled(false);
		}
		return registration;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ErrorCapturingResponse capturing = new ErrorCapturingResponse(response);
		chain.doFilter(request, capturing);
		capturing.sendErrorIfEmpty();
	}

	/**
	 * Holds back the flush of an error status while nothing has been written, so that the
	 * error can still be sent.
	 */
	static final class ErrorCapturingResponse extends HttpServletResponseWrapper {

		private boolean bodyStarted;

		private boolean errorSent;

		ErrorCapturingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			this.bodyStarted = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			this.bodyStarted = true;
			return super.getWriter();
		}

		@Override
		public void sendError(int status) throws IOException {
			this.errorSent = true;
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			this.errorSent = true;
			super.sendError(status, message);
		}

		@Override
		public void flushBuffer() throws IOException {
			if (!isEmptyError()) {
				super.flushBuffer();
			}
		}

		void sendErrorIfEmpty() throws IOException {
			if (isEmptyError()) {
				sendError(getStatus());
			}
		}

		private boolean isEmptyError() {
			return getStatus() >= 400 && !this.bodyStarted && !this.errorSent && !isCommitted();
		}

	}

}
