package dev.apisec.web;

import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds the request's trace id to every {@link ProblemDetail} Spring MVC writes, whoever
 * made it: the starter, the application's own exception handlers, or a controller.
 */
@ControllerAdvice
public class TraceIdProblemAdvice implements ResponseBodyAdvice<Object> {

	private final TraceIdResolver traceIds;

	/**
	 * Create the advice.
	 * @param traceIds resolves the trace id of a request
	 */
	public TraceIdProblemAdvice(TraceIdResolver traceIds) {
		this.traceIds = traceIds;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem) {
			Map<String, Object> properties = problem.getProperties();
			if (properties == null || !properties.containsKey(ProblemResponseWriter.TRACE_ID)) {
				problem.setProperty(ProblemResponseWriter.TRACE_ID, this.traceIds.resolve(
						(request instanceof ServletServerHttpRequest servlet) ? servlet.getServletRequest() : null));
			}
		}
		return body;
	}

}
