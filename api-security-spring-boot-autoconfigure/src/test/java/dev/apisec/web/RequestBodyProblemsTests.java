package dev.apisec.web;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.method.MethodValidationResult;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyProblemsTests {

	@Test
	void methodValidationNamesEachParameterByTheNameItIsBoundFrom() throws Exception {
		Method method = Controller.class.getDeclaredMethod("search", String.class, int.class, String.class,
				String.class, int.class);
		List<ParameterValidationResult> results = List.of(invalid(method, 0), invalid(method, 1), invalid(method, 2),
				invalid(method, 3), invalid(method, 4));
		ProblemResponseWriter problems = new ProblemResponseWriter();
		ProblemDetail problem = new RequestBodyProblems(problems).describe(
				new HandlerMethodValidationException(MethodValidationResult.create(new Controller(), method, results)));
		assertThat(problem.getType()).isEqualTo(problems.typeUri(ProblemType.VALIDATION_FAILED));
		assertThat(problem.getProperties()).containsOnlyKeys(RequestBodyProblems.ERRORS);
		@SuppressWarnings("unchecked")
		List<Map<String, String>> errors = (List<Map<String, String>>) problem.getProperties()
			.get(RequestBodyProblems.ERRORS);
		assertThat(errors).extracting((error) -> error.get("field"))
			.containsExactly("q", "X-Page-Size", "tenant", "session", "page");
		assertThat(errors).extracting((error) -> error.get("message")).containsOnly("is not allowed");
	}

	private static ParameterValidationResult invalid(Method method, int index) {
		// As Spring MVC's handler methods have them: synthesized annotations, discovered
		// names.
		MethodParameter parameter = SynthesizingMethodParameter.forExecutable(method, index);
		parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
		return new ParameterValidationResult(parameter, null,
				List.of(new DefaultMessageSourceResolvable(new String[0], "is not allowed")));
	}

	static class Controller {

		void search(@RequestParam("q") String query, @RequestHeader(name = "X-Page-Size") int size,
				@PathVariable("tenant") String tenantId, @CookieValue(name = "session") String sessionId,
				@RequestParam int page) {
		}

	}

}
