package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.List;

import dev.apisec.audit.SecurityObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The authentication observation of {@link ObservedJwtAuthenticationManager} when an
 * application's decoder fails with an exception that is no authentication failure: the
 * exception goes on unchanged, and the observation is stopped all the same.
 */
class ObservedJwtAuthenticationManagerTests {

	@Test
	void observationIsStoppedWhenTheDecoderFailsUnexpectedly() {
		List<String> stopped = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context.getName() + " " + context.getLowCardinalityKeyValue("outcome").getValue() + " "
						+ context.getLowCardinalityKeyValue("reason").getValue());
			}
		});
		JwtDecoder decoder = (token) -> {
			throw new IllegalStateException("decoder bug");
		};
		ObservedJwtAuthenticationManager manager = new ObservedJwtAuthenticationManager(decoder, (jwt) -> null,
				new SecurityObservations(registry));
		assertThatIllegalStateException().isThrownBy(
				() -> manager.authenticate(new BearerTokenAuthenticationToken("a.b.c"), new MockHttpServletRequest()))
			.withMessage("decoder bug");
		assertThat(stopped).containsExactly(SecurityObservations.AUTHENTICATION + " failure error");
	}

}
