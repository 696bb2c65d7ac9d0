package dev.apisec.web;

import java.lang.annotation.Annotation;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
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

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestCookieException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Explains why a request's body or parameters were refused, as a 400 problem naming the
 * offending fields in its {@code errors} list: a body Jackson could not read (which
 * problem type, and which field where Jackson knows it), a body or parameter Bean
 * Validation refused, a parameter that is missing or of the wrong type. Never the
 * rejected value, and never Jackson's message, which may quote the value or name Java
 * classes.
 */
final class RequestBodyProblems {

	/** Name of the problem property listing the offending fields. */
	static final String ERRORS = "errors";

	private static final int MAX_FIELD_LENGTH = 200;

	private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

	private static final List<JsonLimit> JSON_LIMITS = List.of(
			new JsonLimit("Document nesting depth", "is nested deeper than %s levels", "is nested too deeply"),
			new JsonLimit("String value length", "has a string longer than %s characters",
					"has a string that is too long"),
			new JsonLimit("Number value length", "has a number longer than %s characters",
					"has a number that is too long"),
			new JsonLimit("Name length", "has a property name longer than %s characters",
					"has a property name that is too long"));

	// The annotations that bind a parameter under a name of their own.
	private static final List<Class<? extends Annotation>> NAMED_BINDINGS = List.of(RequestParam.class,
			PathVariable.class, RequestHeader.class, CookieValue.class);

	private final ProblemResponseWriter problems;

	RequestBodyProblems(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	ProblemDetail describe(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null) {
			String message = ex.getMessage();
			return this.problems.problem(ProblemType.UNREADABLE_BODY,
					(message != null && message.startsWith("Required request body is missing"))
							? "The request body is missing." : ProblemType.UNREADABLE_BODY.getDefaultDetail());
		}
		StreamConstraintsException limit = find(ex, StreamConstraintsException.class);
		if (limit != null) {
			return this.problems.problem(ProblemType.JSON_LIMIT_EXCEEDED, limitDetail(limit.getOriginalMessage()));
		}
		PropertyBindingException unknown = find(ex, PropertyBindingException.class);
		if (unknown != null) {
			return withErrors(this.problems.problem(ProblemType.UNKNOWN_PROPERTY),
					List.of(error(path(unknown.getPath()), "is not a known property")));
		}
		InputCoercionException coercion = find(ex, InputCoercionException.class);
		if (coercion != null) {
			JsonMappingException mapping = find(ex, JsonMappingException.class);
			String field = (mapping != null) ? path(mapping.getPath()) : parserPath(coercion);
			return withErrors(this.problems.problem(ProblemType.INVALID_VALUE),
					List.of(error(field, "is out of range")));
		}
		MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
		if (mismatch != null) {
			return mismatch(mismatch);
		}
		StreamReadException parse = find(ex, StreamReadException.class);
		if (parse != null) {
			String message = parse.getOriginalMessage();
			if (message != null && message.startsWith("Duplicate field ")) {
				return withErrors(this.problems.problem(ProblemType.DUPLICATE_PROPERTY),
						List.of(error(parserPath(parse), "appears more than once")));
			}
			return this.problems.problem(ProblemType.MALFORMED_JSON);
		}
		JsonMappingException mapping = find(ex, JsonMappingException.class);
		if (mapping != null) {
			// A value the target type refused, e.g. in its constructor: the field, not
			// the reason.
			String field = path(mapping.getPath());
			return field.isEmpty() ? this.problems.problem(ProblemType.INVALID_VALUE)
					: withErrors(this.problems.problem(ProblemType.INVALID_VALUE), List.of(error(field, "is invalid")));
		}
		if (find(ex, JsonProcessingException.class) != null) {
			return this.problems.problem(ProblemType.MALFORMED_JSON);
		}
		return this.problems.problem(ProblemType.UNREADABLE_BODY);
	}

	/**
	 * Describe a body or form that Bean Validation refused.
	 * @param result the binding result of the validated argument
	 * @return the {@code validation-failed} problem
	 */
	ProblemDetail describe(BindingResult result) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : result.getFieldErrors()) {
			errors.add(error(error.getField(), error.isBindingFailure() ? "has an invalid value" : message(error)));
		}
		for (ObjectError error : result.getGlobalErrors()) {
			errors.add(error(null, message(error)));
		}
		return withErrors(this.problems.problem(ProblemType.VALIDATION_FAILED), errors);
	}

	/**
	 * Describe the arguments of a controller method that method validation refused: a
	 * parameter by the name it is bound from, a body's fields by their path.
	 * @param ex the exception
	 * @return the {@code validation-failed} problem
	 */
	ProblemDetail describe(HandlerMethodValidationException ex) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			MethodParameter parameter = result.getMethodParameter();
			String name = parameter.hasParameterAnnotation(RequestBody.class) ? "" : parameterName(parameter);
			if (result.getContainerIndex() != null) {
				name = name + "[" + result.getContainerIndex() + "]";
			}
			else if (result.getContainerKey() != null) {
				name = join(name, String.valueOf(result.getContainerKey()));
			}
			if (result instanceof ParameterErrors parameterErrors) {
				for (FieldError error : parameterErrors.getFieldErrors()) {
					errors.add(error(join(name, error.getField()), message(error)));
				}
				for (ObjectError error : parameterErrors.getGlobalErrors()) {
					errors.add(error(name, message(error)));
				}
			}
			else {
				for (MessageSourceResolvable error : result.getResolvableErrors()) {
					errors.add(error(name, message(error)));
				}
			}
		}
		for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
			errors.add(error(null, message(error)));
		}
		return withErrors(this.problems.problem(ProblemType.VALIDATION_FAILED), errors);
	}

	/**
	 * Describe a parameter or property whose value could not be converted.
	 * @param mismatch the exception
	 * @return the {@code invalid-value} problem
	 */
	ProblemDetail describe(TypeMismatchException mismatch) {
		String name = (mismatch instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: mismatch.getPropertyName();
		return withErrors(this.problems.problem(ProblemType.INVALID_VALUE),
				List.of(error(name, mustBe(mismatch.getRequiredType()))));
	}

	/**
	 * Describe a required parameter, header, cookie, path variable or part that the
	 * request lacks.
	 * @param ex the exception
	 * @return the {@code missing-parameter} problem, or {@code null} when the exception
	 * is not about a missing one
	 */
	ProblemDetail missingParameter(Exception ex) {
		String name = missingName(ex);
		return (name != null)
				? withErrors(this.problems.problem(ProblemType.MISSING_PARAMETER), List.of(error(name, "is required")))
				: null;
	}

	private static String parameterName(MethodParameter parameter) {
		for (Class<? extends Annotation> binding : NAMED_BINDINGS) {
			Annotation annotation = parameter.getParameterAnnotation(binding);
			if (annotation != null && AnnotationUtils.getValue(annotation, "name") instanceof String name
					&& StringUtils.hasText(name)) {
				return name;
			}
		}
		String name = parameter.getParameterName();
		return (name != null) ? name : "arg" + parameter.getParameterIndex();
	}

	private static String missingName(Exception ex) {
		if (ex instanceof MissingServletRequestParameterException missing) {
			return missing.getParameterName();
		}
		if (ex instanceof MissingRequestHeaderException missing) {
			return missing.getHeaderName();
		}
		if (ex instanceof MissingRequestCookieException missing) {
			return missing.getCookieName();
		}
		if (ex instanceof MissingPathVariableException missing) {
			return missing.getVariableName();
		}
		if (ex instanceof MissingServletRequestPartException missing) {
			return missing.getRequestPartName();
		}
		return null;
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		return StringUtils.hasText(message) ? message : "is invalid";
	}

	private static String join(String prefix, String field) {
		if (!StringUtils.hasText(prefix)) {
			return field;
		}
		return (field.startsWith("[")) ? prefix + field : prefix + "." + field;
	}

	private ProblemDetail mismatch(MismatchedInputException mismatch) {
		String message = mismatch.getOriginalMessage();
		if (message != null && message.startsWith("No content to map")) {
			return this.problems.problem(ProblemType.UNREADABLE_BODY, "The request body is missing.");
		}
		if (message != null && message.contains("FAIL_ON_TRAILING_TOKENS")) {
			return this.problems.problem(ProblemType.MALFORMED_JSON,
					"The request body has content after the JSON value.");
		}
		String field = path(mismatch.getPath());
		if (field.isEmpty()) {
			return this.problems.problem(ProblemType.INVALID_VALUE,
					"The request body " + mustBe(mismatch.getTargetType()) + ".");
		}
		return withErrors(this.problems.problem(ProblemType.INVALID_VALUE),
				List.of(error(field, mustBe(mismatch.getTargetType()))));
	}

	private static String limitDetail(String message) {
		String text = (message != null) ? message : "";
		Matcher matcher = LIMIT.matcher(text);
		String max = matcher.find() ? matcher.group(1) : null;
		for (JsonLimit limit : JSON_LIMITS) {
			if (text.startsWith(limit.message())) {
				return "The request body " + ((max != null) ? limit.exceeded().formatted(max) : limit.unknownMax())
						+ ".";
			}
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

	/**
	 * One of Jackson's stream limits: how its message starts, and what the request body
	 * does wrong, with the limit when the message gives it and without.
	 */
	private record JsonLimit(String message, String exceeded, String unknownMax) {

	}

}
