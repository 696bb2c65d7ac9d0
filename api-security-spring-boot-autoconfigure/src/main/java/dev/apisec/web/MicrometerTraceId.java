package dev.apisec.web;

import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The trace id of Micrometer Tracing's current span, sampled or not: the id in the logs'
 * MDC and in the propagated {@code traceparent}. The tracer is looked up once, on first
 * use (not per request, and not at startup, where it may not be created yet). Micrometer
 * Tracing is optional: only this class and the configuration that creates it name its
 * types.
 */
final class MicrometerTraceId implements Supplier<String> {

	private final ObjectProvider<Tracer> provider;

	private volatile Optional<Tracer> tracer;

	MicrometerTraceId(ObjectProvider<Tracer> provider) {
		this.provider = provider;
	}

	@Override
	public String get() {
		Optional<Tracer> current = this.tracer;
		if (current == null) {
			current = Optional.ofNullable(this.provider.getIfUnique());
			this.tracer = current;
		}
		Span span = current.map(Tracer::currentSpan).orElse(null);
		return (span != null) ? span.context().traceId() : null;
	}

}
