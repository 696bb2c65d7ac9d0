package dev.apisec.audit;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions are observed inside sampled traces only, with a real OpenTelemetry SDK behind
 * Micrometer Tracing: an unsampled trace gets Micrometer's no-op observation (no span, no
 * timer), a sampled one gets the span.
 */
class SecurityObservationsSamplingTests {

	private final List<SpanData> exported = new CopyOnWriteArrayList<>();

	@Test
	void decisionsInASampledTraceAreSpans() {
		ObservationRegistry registry = registry(Sampler.alwaysOn());
		Observation authentication = inRequest(registry,
				() -> new SecurityObservations(registry).startAuthentication("jwt"));
		assertThat(authentication.isNoop()).isFalse();
		assertThat(this.exported).extracting(SpanData::getName).contains(SecurityObservations.AUTHENTICATION);
	}

	@Test
	void decisionsInAnUnsampledTraceAreNotObserved() {
		ObservationRegistry registry = registry(Sampler.alwaysOff());
		Observation authentication = inRequest(registry,
				() -> new SecurityObservations(registry).startAuthentication("jwt"));
		assertThat(authentication.isNoop()).isTrue();
		assertThat(this.exported).isEmpty();
	}

	@Test
	void decisionsOutsideAnyObservationAreObserved() {
		ObservationRegistry registry = registry(Sampler.alwaysOff());
		Observation authentication = new SecurityObservations(registry).startAuthentication("jwt");
		authentication.stop();
		assertThat(authentication.isNoop()).isFalse();
	}

	private Observation inRequest(ObservationRegistry registry, Supplier<Observation> decision) {
		Observation request = Observation.start("http.server.requests", registry);
		try (Observation.Scope scope = request.openScope()) {
			Observation observation = decision.get();
			SecurityObservations.authenticated(observation);
			return observation;
		}
		finally {
			request.stop();
		}
	}

	private ObservationRegistry registry(Sampler sampler) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {

				@Override
				public CompletableResultCode export(Collection<SpanData> spans) {
					SecurityObservationsSamplingTests.this.exported.addAll(spans);
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode flush() {
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode shutdown() {
					return CompletableResultCode.ofSuccess();
				}

			}))
			.build();
		OtelTracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

}
