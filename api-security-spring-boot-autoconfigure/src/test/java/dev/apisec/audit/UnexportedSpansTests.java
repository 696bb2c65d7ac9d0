package dev.apisec.audit;

import java.util.Collection;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnexportedSpans}: tracing handlers make spans only where something
 * exports them.
 */
class UnexportedSpansTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(UnexportedSpans.class)
		.withBean("tracingHandler", DefaultTracingObservationHandler.class,
				() -> new DefaultTracingObservationHandler(Tracer.NOOP));

	@Test
	void withoutExporterTheHandlerMakesNoSpans() {
		this.contextRunner.run((context) -> assertThat(context.getBean("tracingHandler"))
			.isInstanceOf(UnexportedSpans.Spanless.class));
	}

	@Test
	void spanExporterKeepsTheHandler() {
		this.contextRunner.withBean(SpanExporter.class, NoExport::new)
			.run((context) -> assertThat(context.getBean("tracingHandler"))
				.isInstanceOf(DefaultTracingObservationHandler.class));
	}

	@Test
	void applicationsSpanProcessorKeepsTheHandler() {
		this.contextRunner
			.withBean("collectingSpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(new NoExport()))
			.run((context) -> assertThat(context.getBean("tracingHandler"))
				.isInstanceOf(DefaultTracingObservationHandler.class));
	}

	@Test
	void springBootsOwnBatchProcessorIsNoExporter() {
		this.contextRunner
			.withBean("otelSpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(new NoExport()))
			.run((context) -> assertThat(context.getBean("tracingHandler"))
				.isInstanceOf(UnexportedSpans.Spanless.class));
	}

	static final class NoExport implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
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

	}

}
