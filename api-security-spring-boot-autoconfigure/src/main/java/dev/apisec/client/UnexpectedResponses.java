package dev.apisec.client;

import java.io.IOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.UnknownContentTypeException;

/**
 * Marks the answers of a downstream that the calling code did not handle as failures of
 * the client: an error status without an {@code onStatus} handler of the caller, a body
 * that cannot be read as the requested type (HTML for a record, malformed JSON). Spring's
 * exceptions stay what the caller sees and may catch ({@code HttpClientErrorException}
 * and its kin, {@code UnknownContentTypeException}, the {@code RestClientException} of an
 * unreadable body); a {@link ClientCallException} of kind {@code BAD_RESPONSE} joins
 * their cause chain, where the starter's error handler finds it and answers 502 naming
 * the client. Nothing of the downstream's answer goes into the marker's message. A body
 * whose reading failed (a {@link ClientCallException} of another kind from the body's
 * stream) is not an unreadable body: that failure is thrown as it is, unwrapped from the
 * converter's exception.
 */
final class UnexpectedResponses {

	private final String client;

	UnexpectedResponses(String client) {
		this.client = client;
	}

	/**
	 * Install the status handler and guard the message converters of a client's builder.
	 * Status handlers the caller adds with {@code onStatus} run before this one.
	 * @param builder the client's builder
	 */
	void applyTo(RestClient.Builder builder) {
		builder.defaultStatusHandler(new UnhandledStatus());
		builder.messageConverters((converters) -> {
			converters.replaceAll(this::guarded);
			converters.add(new UnreadableContentType());
		});
	}

	private ClientCallException badResponse(String what, Throwable cause) {
		return ClientCallException.badResponse(this.client, what, cause);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private HttpMessageConverter<?> guarded(HttpMessageConverter<?> converter) {
		if (converter instanceof GenericHttpMessageConverter generic) {
			return new GuardedGenericConverter(generic);
		}
		if (converter instanceof SmartHttpMessageConverter smart) {
			return new GuardedSmartConverter(smart);
		}
		return new GuardedConverter(converter);
	}

	private <T> T guard(Reading<T> reading, HttpInputMessage message) throws IOException {
		try {
			return reading.read();
		}
		catch (RuntimeException ex) {
			ClientCallException failedRead = failedRead(ex);
			if (failedRead != null) {
				// Reading the body failed (reset, timeout, size limit), not the content:
				// the failure as the resilience interceptor classified it, whoever
				// wrapped it.
				throw failedRead;
			}
			if (!(ex instanceof HttpMessageNotReadableException)) {
				throw ex;
			}
			// A plain RestClientException, as Spring's own for an unreadable body:
			// neither it nor its causes may look like an unreadable request to the
			// application's advice.
			throw new RestClientException(ex.getMessage(),
					badResponse("body not readable (" + message.getHeaders().getContentType() + ")", ex.getCause()));
		}
	}

	private static ClientCallException failedRead(Throwable ex) {
		// Bounded: a cause chain may be a cycle.
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
			if (cause instanceof ClientCallException call && call.getKind() != ClientCallException.Kind.BAD_RESPONSE) {
				return call;
			}
		}
		return null;
	}

	@FunctionalInterface
	private interface Reading<T> {

		T read() throws IOException;

	}

	/**
	 * Spring's handling of an error status (the same exception types), with the marker.
	 */
	private final class UnhandledStatus extends DefaultResponseErrorHandler {

		@Override
		protected void handleError(ClientHttpResponse response, HttpStatusCode statusCode, URI url, HttpMethod method)
				throws IOException {
			try {
				super.handleError(response, statusCode, url, method);
			}
			catch (RestClientResponseException ex) {
				if (ex.getCause() == null) {
					ex.initCause(badResponse("status " + statusCode.value(), null));
				}
				throw ex;
			}
		}

	}

	/**
	 * Last of the converters: reads nothing, fails as Spring does when no converter can
	 * read the body, with the marker.
	 */
	private final class UnreadableContentType implements HttpMessageConverter<Object> {

		@Override
		public boolean canRead(Class<?> clazz, MediaType mediaType) {
			return true;
		}

		@Override
		public boolean canWrite(Class<?> clazz, MediaType mediaType) {
			return false;
		}

		@Override
		public List<MediaType> getSupportedMediaTypes() {
			return List.of();
		}

		@Override
		public Object read(Class<?> clazz, HttpInputMessage message) throws IOException {
			MediaType contentType = message.getHeaders().getContentType();
			HttpStatusCode status = HttpStatus.OK;
			String statusText = "";
			if (message instanceof ClientHttpResponse response) {
				status = response.getStatusCode();
				statusText = response.getStatusText();
			}
			UnknownContentTypeException ex = new UnknownContentTypeException(clazz, contentType, status, statusText,
					message.getHeaders(), StreamUtils.copyToByteArray(message.getBody()));
			ex.initCause(badResponse("no way to read " + contentType + " as " + clazz.getSimpleName(), null));
			throw ex;
		}

		@Override
		public void write(Object value, MediaType contentType, HttpOutputMessage message) {
			throw new UnsupportedOperationException("reads nothing, writes nothing");
		}

	}

	private class GuardedConverter<T> implements HttpMessageConverter<T> {

		final HttpMessageConverter<T> delegate;

		GuardedConverter(HttpMessageConverter<T> delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean canRead(Class<?> clazz, MediaType mediaType) {
			return this.delegate.canRead(clazz, mediaType);
		}

		@Override
		public boolean canWrite(Class<?> clazz, MediaType mediaType) {
			return this.delegate.canWrite(clazz, mediaType);
		}

		@Override
		public List<MediaType> getSupportedMediaTypes() {
			return this.delegate.getSupportedMediaTypes();
		}

		@Override
		public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
			return this.delegate.getSupportedMediaTypes(clazz);
		}

		@Override
		public T read(Class<? extends T> clazz, HttpInputMessage message) throws IOException {
			return guard(() -> this.delegate.read(clazz, message), message);
		}

		@Override
		public void write(T value, MediaType contentType, HttpOutputMessage message) throws IOException {
			this.delegate.write(value, contentType, message);
		}

		@Override
		public String toString() {
			return "guarded " + this.delegate;
		}

	}

	private final class GuardedGenericConverter<T> extends GuardedConverter<T>
			implements GenericHttpMessageConverter<T> {

		private final GenericHttpMessageConverter<T> generic;

		GuardedGenericConverter(GenericHttpMessageConverter<T> delegate) {
			super(delegate);
			this.generic = delegate;
		}

		@Override
		public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
			return this.generic.canRead(type, contextClass, mediaType);
		}

		@Override
		public T read(Type type, Class<?> contextClass, HttpInputMessage message) throws IOException {
			return guard(() -> this.generic.read(type, contextClass, message), message);
		}

		@Override
		public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
			return this.generic.canWrite(type, clazz, mediaType);
		}

		@Override
		public void write(T value, Type type, MediaType contentType, HttpOutputMessage message) throws IOException {
			this.generic.write(value, type, contentType, message);
		}

	}

	private final class GuardedSmartConverter<T> extends GuardedConverter<T> implements SmartHttpMessageConverter<T> {

		private final SmartHttpMessageConverter<T> smart;

		GuardedSmartConverter(SmartHttpMessageConverter<T> delegate) {
			super(delegate);
			this.smart = delegate;
		}

		@Override
		public boolean canRead(ResolvableType type, MediaType mediaType) {
			return this.smart.canRead(type, mediaType);
		}

		@Override
		public boolean canRead(Class<?> clazz, MediaType mediaType) {
			return this.smart.canRead(clazz, mediaType);
		}

		@Override
		public T read(ResolvableType type, HttpInputMessage message, Map<String, Object> hints) throws IOException {
			return guard(() -> this.smart.read(type, message, hints), message);
		}

		@Override
		public T read(Class<? extends T> clazz, HttpInputMessage message) throws IOException {
			return guard(() -> this.smart.read(clazz, message), message);
		}

		@Override
		public boolean canWrite(ResolvableType targetType, Class<?> valueClass, MediaType mediaType) {
			return this.smart.canWrite(targetType, valueClass, mediaType);
		}

		@Override
		public boolean canWrite(Class<?> clazz, MediaType mediaType) {
			return this.smart.canWrite(clazz, mediaType);
		}

		@Override
		public void write(T value, ResolvableType type, MediaType contentType, HttpOutputMessage message,
				Map<String, Object> hints) throws IOException {
			this.smart.write(value, type, contentType, message, hints);
		}

		@Override
		public void write(T value, MediaType contentType, HttpOutputMessage message) throws IOException {
			this.smart.write(value, contentType, message);
		}

	}

}
