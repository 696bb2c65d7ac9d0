package dev.apisec.web;

import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;

/**
 * Explains why a request body could not be read, from the exception Jackson raised: which
 * problem type, and which field where Jackson knows it. Never Jackson's message, which
 * may quote the rejected value or name Java classes.
 */
final class RequestBodyProblems {

	/** Name of the problem property listing the offending fields. */
	static final String ERRORS = "errors";

	private static final int MAX_FIELD_LENGTH = 200;

	private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

	private RequestBodyProblems() {
	}

	static ProblemDetail describe(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null) {
			String message = ex.getMessage();
			return ProblemType.UNREADABLE_BODY
				.problem((message != null && message.startsWith("Required request body is missing"))
						? "The request body is missing." : ProblemType.UNREADABLE_BODY.getDefaultDetail());
		}
		StreamConstraintsException limit = find(ex, StreamConstraintsException.class);
		if (limit != null) {
			return ProblemType.JSON_LIMIT_EXCEEDED.problem(limitDetail(limit.getOriginalMessage()));
		}
		PropertyBindingException unknown = find(ex, PropertyBindingException.class);
		if (unknown != null) {
			return withErrors(ProblemType.UNKNOWN_PROPERTY.problem(),
					List.of(error(path(unknown.getPath()), "is not a known property")));
		}
		InputCoercionException coercion = find(ex, InputCoercionException.class);
		if (coercion != null) {
			JsonMappingException mapping = find(ex, JsonMappingException.class);
			String field = (mapping != null) ? path(mapping.getPath()) : parserPath(coercion);
			return withErrors(ProblemType.INVALID_VALUE.problem(), List.of(error(field, "is out of range")));
		}
		MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
		if (mismatch != null) {
			return mismatch(mismatch);
		}
		StreamReadException parse = find(ex, StreamReadException.class);
		if (parse != null) {
			String message = parse.getOriginalMessage();
			if (message != null && message.startsWith("Duplicate field ")) {
				return withErrors(ProblemType.DUPLICATE_PROPERTY.problem(),
						List.of(error(parserPath(parse), "appears more than once")));
			}
			return ProblemType.MALFORMED_JSON.problem();
		}
		JsonMappingException mapping = find(ex, JsonMappingException.class);
		if (mapping != null) {
			// A value the target type refused, e.g. in its constructor: the field, not
			// the reason.
			String field = path(mapping.getPath());
			return field.isEmpty() ? ProblemType.INVALID_VALUE.problem()
					: withErrors(ProblemType.INVALID_VALUE.problem(), List.of(error(field, "is invalid")));
		}
		if (find(ex, JsonProcessingException.class) != null) {
			return ProblemType.MALFORMED_JSON.problem();
		}
		return ProblemType.UNREADABLE_BODY.problem();
	}

	private static ProblemDetail mismatch(MismatchedInputException mismatch) {
		String message = mismatch.getOriginalMessage();
		if (message != null && message.startsWith("No content to map")) {
			return ProblemType.UNREADABLE_BODY.problem("The request body is missing.");
		}
		if (message != null && message.contains("FAIL_ON_TRAILING_TOKENS")) {
			return ProblemType.MALFORMED_JSON.problem("The request body has content after the JSON value.");
		}
		String field = path(mismatch.getPath());
		if (field.isEmpty()) {
			return ProblemType.INVALID_VALUE.problem("The request body " + mustBe(mismatch.getTargetType()) + ".");
		}
		return withErrors(ProblemType.INVALID_VALUE.problem(), List.of(error(field, mustBe(mismatch.getTargetType()))));
	}

	private static String limitDetail(String message) {
		String text = (message != null) ? message : "";
		Matcher matcher = LIMIT.matcher(text);
		String max = matcher.find() ? matcher.group(1) : null;
		if (text.startsWith("Document nesting depth")) {
			return (max != null) ? "The request body is nested deeper than " + max + " levels."
					: "The request body is nested too deeply.";
		}
		if (text.startsWith("String value length")) {
			return (max != null) ? "The request body has a string longer than " + max + " characters."
					: "The request body has a string that is too long.";
		}
		if (text.startsWith("Number value length")) {
			return (max != null) ? "The request body has a number longer than " + max + " characters."
					: "The request body has a number that is too long.";
		}
		if (text.startsWith("Name length")) {
			return (max != null) ? "The request body has a property name longer than " + max + " characters."
					: "The request body has a property name that is too long.";
		}
		return ProblemType.JSON_LIMIT_EXCEEDED.getDefaultDetail();
	}

	/**
	 * Describe, without the rejected value, what a value of a type must look like.
	 * @param type the expected type, may be {@code null}
	 * @return a phrase such as "must be a number"
	 */
	static String mustBe(Class<?> type) {
		if (type == null) {
			return "has the wrong type";
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (Number.class.isAssignableFrom(boxed)) {
			return "must be a number";
		}
		if (boxed == Boolean.class) {
			return "must be true or false";
		}
		if (CharSequence.class.isAssignableFrom(boxed) || boxed == Character.class) {
			return "must be a string";
		}
		if (boxed.isEnum()) {
			return "must be one of the accepted values";
		}
		if (boxed.isArray() || Collection.class.isAssignableFrom(boxed)) {
			return "must be an array";
		}
		if (Temporal.class.isAssignableFrom(boxed) || TemporalAmount.class.isAssignableFrom(boxed)
				|| Date.class.isAssignableFrom(boxed)) {
			return "must be a date, time or duration in ISO 8601 format";
		}
		if (boxed == UUID.class) {
			return "must be a UUID";
		}
		if (Map.class.isAssignableFrom(boxed) || !boxed.getName().startsWith("java.")) {
			return "must be an object";
		}
		return "has the wrong type";
	}

	static Map<String, String> error(String field, String message) {
		Map<String, String> error = new LinkedHashMap<>();
		if (field != null && !field.isEmpty()) {
			error.put("field", truncate(field));
		}
		error.put("message", message);
		return error;
	}

	static ProblemDetail withErrors(ProblemDetail problem, List<Map<String, String>> errors) {
		if (!errors.isEmpty()) {
			problem.setProperty(ERRORS, errors);
		}
		return problem;
	}

	// items[0].name, the shape Bean Validation uses, so that clients see one format.
	private static String path(List<JsonMappingException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : references) {
			if (reference.getFieldName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String parserPath(JsonProcessingException ex) {
		if (!(ex.getProcessor() instanceof JsonParser parser)) {
			return null;
		}
		StringBuilder path = new StringBuilder();
		for (JsonStreamContext context = parser.getParsingContext(); context != null
				&& !context.inRoot(); context = context.getParent()) {
			if (context.inArray()) {
				path.insert(0, "[" + Math.max(0, context.getCurrentIndex()) + "]");
			}
			else if (context.getCurrentName() != null) {
				path.insert(0, (path.isEmpty() || path.charAt(0) == '[') ? context.getCurrentName()
						: context.getCurrentName() + ".");
			}
		}
		return path.toString();
	}

	private static String truncate(String field) {
		return (field.length() <= MAX_FIELD_LENGTH) ? field : field.substring(0, MAX_FIELD_LENGTH) + "...";
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 32; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

}
