package dev.apisec.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Builds the CORS filter from {@code apisec.cors.mappings}, refusing at startup what
 * would open the API to every site: {@code *} (or any wildcard) together with
 * credentials, and origins that are not exact {@code scheme://host[:port]}. Refusals are
 * problem responses.
 */
final class CorsConfigurations {

	private CorsConfigurations() {
	}

	static CorsFilter filter(CorsProperties properties, ProblemResponseWriter problems) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource(PathPatternParser.defaultInstance);
		for (int i = 0; i < properties.getMappings().size(); i++) {
			String prefix = "apisec.cors.mappings[" + i + "]";
			CorsProperties.Mapping mapping = properties.getMappings().get(i);
			CorsConfiguration configuration = configuration(prefix, mapping);
			if (mapping.getPaths().isEmpty()) {
				throw new ApiSecConfigurationException(prefix + ".paths", "a CORS mapping needs paths",
						"Set " + prefix + ".paths to the path patterns browsers may call, e.g. /api/**.");
			}
			for (int p = 0; p < mapping.getPaths().size(); p++) {
				RequestPatterns.validatePattern(prefix + ".paths[" + p + "]", mapping.getPaths().get(p));
				source.registerCorsConfiguration(mapping.getPaths().get(p), configuration);
			}
		}
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new ProblemCorsProcessor(problems));
		return filter;
	}

	private static CorsConfiguration configuration(String prefix, CorsProperties.Mapping mapping) {
		if (mapping.getAllowedOrigins().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".allowed-origins", "a CORS mapping needs allowed origins",
					"Set " + prefix
							+ ".allowed-origins to the exact origins of your web front ends, e.g. https://shop.example.");
		}
		CorsConfiguration configuration = new CorsConfiguration();
		for (int i = 0; i < mapping.getAllowedOrigins().size(); i++) {
			String origin = mapping.getAllowedOrigins().get(i).trim();
			String property = prefix + ".allowed-origins[" + i + "]";
			if (origin.equals("*")) {
				if (mapping.isAllowCredentials()) {
					throw new ApiSecConfigurationException(property,
							"'*' together with allow-credentials would let every web site call the API with the user's credentials",
							"List the exact origins of your front ends, or set " + prefix
									+ ".allow-credentials=false for a public API.");
				}
			}
			else if (origin.contains("*")) {
				throw new ApiSecConfigurationException(property,
						"'" + origin + "' is a pattern; only exact origins are accepted",
						"List each origin exactly, e.g. https://shop.example and https://admin.shop.example.");
			}
			else if (!isExactOrigin(origin)) {
				throw new ApiSecConfigurationException(property, "'" + origin + "' is not an origin",
						"Write an origin as scheme://host[:port] with no path, e.g. https://shop.example.");
			}
			configuration.addAllowedOrigin(origin);
		}
		mapping.getAllowedMethods().forEach(configuration::addAllowedMethod);
		mapping.getAllowedHeaders().forEach(configuration::addAllowedHeader);
		mapping.getExposedHeaders().forEach(configuration::addExposedHeader);
		configuration.setAllowCredentials(mapping.isAllowCredentials());
		configuration.setMaxAge(mapping.getMaxAge());
		return configuration;
	}

	private static boolean isExactOrigin(String origin) {
		try {
			URI uri = URI.create(origin);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
					&& (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
					&& uri.getRawFragment() == null && uri.getRawUserInfo() == null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Refuses disallowed CORS requests with a 403 problem instead of a plain-text body;
	 * the origin is never reflected.
	 */
	private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

		private final ProblemResponseWriter problems;

		ProblemCorsProcessor(ProblemResponseWriter problems) {
			this.problems = problems;
		}

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
			this.problems.write(null, servletResponse, ProblemType.CORS_REJECTED, Map.of());
		}

	}

}
