package dev.apisec.audit;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an {@code apisec.authentication} observation costs a request, as the starter's
 * filters start and end it: with no registry ({@code noop}), with a registry that has no
 * handlers ({@code noHandlers}, what an application without tracing or observation
 * metrics has), and with one handler that does nothing ({@code emptyHandler}, the
 * bookkeeping of a live observation without any tracer or meter behind it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ObservationOverheadBenchmark {

	@Param({ "noop", "noHandlers", "emptyHandler" })
	public String registry;

	private SecurityObservations observations;

	@Setup
	public void setUp() {
		ObservationRegistry observationRegistry = switch (this.registry) {
			case "noop" -> ObservationRegistry.NOOP;
			case "noHandlers" -> ObservationRegistry.create();
			default -> {
				ObservationRegistry withHandler = ObservationRegistry.create();
				withHandler.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
					@Override
					public boolean supportsContext(Observation.Context context) {
						return true;
					}
				});
				yield withHandler;
			}
		};
		this.observations = new SecurityObservations(observationRegistry);
	}

	@Benchmark
	public Observation authentication() {
		Observation observation = this.observations.startAuthentication(SecurityEvent.API_KEY);
		SecurityObservations.authenticationEnded(observation, "failure", "unknown_key");
		return observation;
	}

}
