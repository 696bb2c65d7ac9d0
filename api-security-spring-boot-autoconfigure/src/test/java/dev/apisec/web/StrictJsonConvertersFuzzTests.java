package dev.apisec.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes request-body reading through the strict JSON converter the starter installs in
 * Spring MVC (built exactly as {@link StrictJsonConverters} builds it, with the default
 * limits), and the problem that {@link RequestBodyProblems} makes of every refusal. Any
 * body is either read or refused with {@link HttpMessageNotReadableException} (or an
 * {@link IOException}, which Spring MVC wraps into one); the problem is a 400 of the
 * starter's types whose detail and messages are fixed sentences (never the body, never a
 * class name); and a body the strict reader accepts reads the same leniently (strictness
 * only refuses, it never changes meaning).
 * <p>
 * Seeds: {@code src/test/resources/dev/apisec/web/StrictJsonConvertersFuzzTestsInputs}.
 */
class StrictJsonConvertersFuzzTests {

	private static final ObjectMapper lenient = Jackson2ObjectMapperBuilder.json().build();

	private static final HttpMessageConverter<Object> strict = strictConverter();

	private static final RequestBodyProblems problems = new RequestBodyProblems(new ProblemResponseWriter());

	private static final Set<String> DETAILS = Set.of("The request body cannot be read.",
			"The request body is missing.", "The request body is not well-formed JSON.",
			"The request body has content after the JSON value.",
			"The request body has a property that is not accepted.",
			"The request body has a property more than once in the same object.",
			"The request has a value of the wrong type or format.", "The request body exceeds a JSON limit.",
			"The request body is nested too deeply.", "The request body has a string that is too long.",
			"The request body has a number that is too long.",
			"The request body has a property name that is too long.");

	private static final Pattern LIMIT_DETAIL = Pattern.compile("The request body (is nested deeper than \\d+ levels"
			+ "|has a (string|number|property name) longer than \\d+ characters)\\.");

	private static final Set<String> MESSAGES = Set.of("is not a known property", "is out of range",
			"appears more than once", "is invalid", "has the wrong type", "must be a number", "must be true or false",
			"must be a string", "must be one of the accepted values", "must be an array",
			"must be a date, time or duration in ISO 8601 format", "must be a UUID", "must be an object");

	private static final Class<?>[] TARGETS = { OrderBody.class, Map.class, List.class };

	@FuzzTest(maxDuration = "10s")
	void readsOrRefusesWithAFixedProblem(FuzzedDataProvider data) throws IOException {
		Class<?> target = data.pickValue(TARGETS);
		byte[] body = data.consumeRemainingAsBytes();
		MockHttpInputMessage input = input(body);
		Object read;
		try {
			read = strict.read(target, input);
		}
		catch (HttpMessageNotReadableException ex) {
			checkProblem(problems.describe(ex));
			return;
		}
		catch (IOException ex) {
			// Not JSON Jackson can decode (e.g. a truncated UTF-32 body): Spring MVC
			// wraps it so.
			checkProblem(problems
				.describe(new HttpMessageNotReadableException("I/O error while reading input message", ex, input)));
			return;
		}
		assertThat(lenient.readValue(body, target)).isEqualTo(read);
	}

	@SuppressWarnings("unchecked")
	private static void checkProblem(ProblemDetail problem) {
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType().toString()).startsWith(ProblemsProperties.DEFAULT_TYPE_BASE);
		String detail = problem.getDetail();
		assertThat(DETAILS.contains(detail) || LIMIT_DETAIL.matcher(detail).matches() || isTypeDetail(detail))
			.as("detail '%s'", detail)
			.isTrue();
		Map<String, Object> properties = problem.getProperties();
		if (properties == null) {
			return;
		}
		assertThat(properties).containsOnlyKeys(RequestBodyProblems.ERRORS);
		for (Map<String, String> error : (List<Map<String, String>>) properties.get(RequestBodyProblems.ERRORS)) {
			assertThat(MESSAGES).contains(error.get("message"));
			if (error.containsKey("field")) {
				assertThat(error.get("field")).hasSizeLessThanOrEqualTo(203);
			}
		}
	}

	/**
	 * "The request body must be an object.", from the target type, never from the body.
	 */
	private static boolean isTypeDetail(String detail) {
		String prefix = "The request body ";
		return detail.startsWith(prefix) && detail.endsWith(".")
				&& MESSAGES.contains(detail.substring(prefix.length(), detail.length() - 1));
	}

	private static MockHttpInputMessage input(byte[] body) {
		MockHttpInputMessage input = new MockHttpInputMessage(body);
		input.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return input;
	}

	@SuppressWarnings("unchecked")
	private static HttpMessageConverter<Object> strictConverter() {
		List<HttpMessageConverter<?>> converters = new ArrayList<>();
		converters.add(new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json().build()));
		RequestValidationProperties defaults = new RequestValidationProperties();
		new StrictJsonConverters(true, defaults.getMaxNestingDepth(), defaults.getMaxStringLength(),
				defaults.getMaxNumberLength())
			.extendMessageConverters(converters);
		return (HttpMessageConverter<Object>) converters.get(0);
	}

	/**
	 * A request body with the shapes APIs read: nested records, a list, an enum, a
	 * decimal, an instant, a map.
	 */
	record OrderBody(List<Item> items, String note, Status status, BigDecimal total, Instant at,
			Map<String, Integer> tags) {
	}

	record Item(Long productId, Integer quantity) {
	}

	enum Status {

		NEW, PAID

	}

}
