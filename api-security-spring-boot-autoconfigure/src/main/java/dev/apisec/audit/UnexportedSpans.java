package dev.apisec.audit;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Keeps Micrometer Tracing from making spans that nothing exports. The actuator and the
 * OpenTelemetry bridge, which the starter brings, give every application a tracer;
 * without an exporter (OTLP, Zipkin, Wavefront or an application's own) its spans are
 * dropped, yet each request still pays for them: the incoming trace is extracted, a span
 * is started, put in scope and in the logging context, tagged and ended. When the context
 * defines no exporter, each tracing observation handler is replaced by one that makes no
 * span, so that an observation costs little more than its metrics.
 * <p>
 * Trace ids stay: problem bodies and audit lines carry the incoming {@code traceparent}'s
 * trace id, or one generated for the request ({@code dev.apisec.web.TraceIdResolver}).
 * {@code apisec.observations.unexported-spans=true} keeps the spans.
 */
final class UnexportedSpans implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(UnexportedSpans.class);

	// What sends spans somewhere, for the OpenTelemetry and the Brave bridge, each with
	// the name of the bean Spring Boot itself defines of that type whether or not
	// anything is exported (its batch processor of the exporters), or null.
	private static final String[][] EXPORTER_TYPES = { { "io.opentelemetry.sdk.trace.export.SpanExporter", null },
			{ "io.opentelemetry.sdk.trace.SpanProcessor", "otelSpanProcessor" },
			{ "io.micrometer.tracing.exporter.SpanReporter", null }, { "brave.handler.SpanHandler", null } };

	private ListableBeanFactory beanFactory;

	private Boolean exported;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ListableBeanFactory listable) ? listable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof TracingObservationHandler<?> handler && !exported()) {
			return new Spanless(handler.getTracer());
		}
		return bean;
	}

	private boolean exported() {
		if (this.exported == null) {
			this.exported = (this.beanFactory == null) || exporterDefined(this.beanFactory);
			if (!this.exported) {
				logger.info("No span exporter is configured: tracing makes no spans (trace ids stay in problem "
						+ "bodies and audit lines). Configure an exporter, or set "
						+ "apisec.observations.unexported-spans=true to keep them.");
			}
		}
		return this.exported;
	}

	static boolean exporterDefined(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = UnexportedSpans.class.getClassLoader();
		for (String[] exporter : EXPORTER_TYPES) {
			if (ClassUtils.isPresent(exporter[0], classLoader)) {
				Class<?> type = ClassUtils.resolveClassName(exporter[0], classLoader);
				// Bean definitions only: no exporter is created early to find out.
				for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
					if (!name.equals(exporter[1])) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * A tracing handler that makes no span. It stays a {@link TracingObservationHandler},
	 * so that Spring Boot groups it as before, and gives each observation an empty
	 * tracing context, which Micrometer's tracing-aware metrics handler requires.
	 */
	static final class Spanless implements TracingObservationHandler<Observation.Context> {

		private final Tracer tracer;

		Spanless(Tracer tracer) {
			this.tracer = tracer;
		}

		@Override
		public void onStart(Observation.Context context) {
			context.computeIfAbsent(TracingContext.class, (key) -> new TracingContext());
		}

		// The interface's defaults would look for a span in each of these.
		@Override
		public void onStop(Observation.Context context) {
		}

		@Override
		public void onError(Observation.Context context) {
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
		}

		@Override
		public void onScopeReset(Observation.Context context) {
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public Tracer getTracer() {
			return this.tracer;
		}

	}

}
