package dev.apisec.web;

import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apisec.support.ApiSecConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes Spring MVC read JSON request bodies strictly: unknown properties, duplicate keys
 * and content after the value are refused, and nesting depth, string length and number
 * length are bounded. Each Jackson converter of Spring MVC is replaced by one built on a
 * copy of its {@link ObjectMapper}, so everything the application configured (naming,
 * modules, {@code spring.jackson.*}, customizers) is kept, while the application's
 * {@code ObjectMapper} bean and the converters that outbound clients share stay as they
 * were: a tolerant reader of other services' responses.
 */
public class StrictJsonConverters implements WebMvcConfigurer, Ordered {

	private static final Log logger = LogFactory.getLog(StrictJsonConverters.class);

	private final boolean strict;

	private final int maxNestingDepth;

	private final int maxStringLength;

	private final int maxNumberLength;

	/**
	 * Create the configurer.
	 * @param strict whether unknown properties, duplicate keys and trailing content are
	 * refused; the limits apply either way
	 * @param maxNestingDepth deepest nesting of arrays and objects
	 * @param maxStringLength longest string value, in characters
	 * @param maxNumberLength longest number, in characters
	 */
	public StrictJsonConverters(boolean strict, int maxNestingDepth, int maxStringLength, int maxNumberLength) {
		this.strict = strict;
		this.maxNestingDepth = positive("max-nesting-depth", maxNestingDepth);
		this.maxStringLength = positive("max-string-length", maxStringLength);
		this.maxNumberLength = positive("max-number-length", maxNumberLength);
	}

	private static int positive(String property, int value) {
		if (value <= 0) {
			throw new ApiSecConfigurationException("apisec.validation." + property, "'" + value + "' is not positive",
					"Use a positive number; JSON limits cannot be turned off.");
		}
		return value;
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		for (int i = 0; i < converters.size(); i++) {
			// Only the plain converter: a subclass may depend on state a copy would lose.
			if (converters.get(i).getClass() == MappingJackson2HttpMessageConverter.class) {
				MappingJackson2HttpMessageConverter strictConverter = strictCopy(
						(MappingJackson2HttpMessageConverter) converters.get(i));
				if (strictConverter != null) {
					// Replaced, never modified: the instance is shared with RestClient
					// and RestTemplate builders.
					converters.set(i, strictConverter);
				}
			}
		}
	}

	private MappingJackson2HttpMessageConverter strictCopy(MappingJackson2HttpMessageConverter converter) {
		ObjectMapper mapper;
		try {
			mapper = converter.getObjectMapper().copy();
		}
		catch (IllegalStateException ex) {
			logger.warn("JSON request bodies are not read strictly: the ObjectMapper of type "
					+ converter.getObjectMapper().getClass().getName()
					+ " cannot be copied (it does not override copy())");
			return null;
		}
		configure(mapper);
		MappingJackson2HttpMessageConverter strictConverter = new MappingJackson2HttpMessageConverter(mapper);
		strictConverter.setSupportedMediaTypes(converter.getSupportedMediaTypes());
		strictConverter.setDefaultCharset(converter.getDefaultCharset());
		return strictConverter;
	}

	/**
	 * Apply the strict features and the limits to an {@link ObjectMapper}.
	 * @param mapper the mapper, changed in place
	 */
	public void configure(ObjectMapper mapper) {
		if (this.strict) {
			mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
			mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
		}
		JsonFactory factory = mapper.getFactory();
		factory.setStreamReadConstraints(factory.streamReadConstraints()
			.rebuild()
			.maxNestingDepth(this.maxNestingDepth)
			.maxStringLength(this.maxStringLength)
			.maxNumberLength(this.maxNumberLength)
			.build());
	}

	@Override
	public int getOrder() {
		// Last, so that converters other configurers add are made strict too.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
