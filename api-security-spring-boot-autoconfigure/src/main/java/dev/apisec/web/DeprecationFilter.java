package dev.apisec.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.RequestPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Announces deprecated APIs on every response of theirs: {@code Deprecation} (RFC 9745, a
 * date as {@code @<epoch seconds>}), {@code Sunset} (RFC 8594, an HTTP date) and a
 * {@code Link} to the migration guide. After the sunset, an enforced deprecation answers
 * 410 Gone.
 */
public class DeprecationFilter extends OncePerRequestFilter {

	private final List<Entry> entries;

	private final Clock clock;

	private final ProblemResponseWriter problems;

	public DeprecationFilter(DeprecationProperties properties, Clock clock, ProblemResponseWriter problems) {
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < properties.getDeprecations().size(); i++) {
			entries.add(entry("apisec.deprecations[" + i + "]", properties.getDeprecations().get(i)));
		}
		this.entries = List.copyOf(entries);
		this.clock = clock;
		this.problems = problems;
	}

	private static Entry entry(String prefix, DeprecationProperties.Deprecation config) {
		if (config.getPaths() == null || config.getPaths().isEmpty()) {
			throw new ApiSecConfigurationException(prefix + ".paths", "a deprecation needs the paths it applies to",
					"Set " + prefix + ".paths to the path patterns of the deprecated API, e.g. /api/v1/**.");
		}
		for (int i = 0; i < config.getPaths().size(); i++) {
			RequestPatterns.validatePattern(prefix + ".paths[" + i + "]", config.getPaths().get(i));
		}
		if (config.getDeprecatedSince() == null && config.getSunset() == null) {
			throw new ApiSecConfigurationException(prefix + ".deprecated-since",
					"a deprecation needs a deprecated-since or a sunset date",
					"Set " + prefix + ".deprecated-since and/or " + prefix + ".sunset (yyyy-MM-dd).");
		}
		if (config.isEnforce() && config.getSunset() == null) {
			throw new ApiSecConfigurationException(prefix + ".enforce", "enforce needs a sunset date",
					"Set " + prefix + ".sunset to the date after which the API answers 410 Gone.");
		}
		if (config.getDeprecatedSince() != null && config.getSunset() != null
				&& config.getSunset().isBefore(config.getDeprecatedSince())) {
			throw new ApiSecConfigurationException(prefix + ".sunset", "the sunset is before the deprecation",
					"Set " + prefix + ".sunset on or after " + prefix + ".deprecated-since.");
		}
		Instant sunset = (config.getSunset() != null) ? startOfDay(config.getSunset()) : null;
		String deprecation = (config.getDeprecatedSince() != null)
				? "@" + startOfDay(config.getDeprecatedSince()).getEpochSecond() : null;
		String sunsetHeader = (sunset != null)
				? DateTimeFormatter.RFC_1123_DATE_TIME.format(sunset.atZone(ZoneOffset.UTC)) : null;
		String link = StringUtils.hasText(config.getLink())
				? "<" + config.getLink() + ">; rel=\"deprecation\"; type=\"text/html\"" : null;
		return new Entry(RequestPatterns.matcher(config.getPaths(), List.of()), deprecation, sunsetHeader, sunset, link,
				config.isEnforce());
	}

	private static Instant startOfDay(LocalDate date) {
		return date.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (Entry entry : this.entries) {
			if (entry.matcher().matches(request)) {
				if (entry.deprecation() != null) {
					response.setHeader("Deprecation", entry.deprecation());
				}
				if (entry.sunsetHeader() != null) {
					response.setHeader("Sunset", entry.sunsetHeader());
				}
				if (entry.link() != null) {
					response.addHeader("Link", entry.link());
				}
				if (entry.enforce() && !this.clock.instant().isBefore(entry.sunset())) {
					this.problems.write(request, response, ProblemType.GONE,
							"This API version was retired on " + entry.sunsetHeader() + ".", Map.of());
					return;
				}
				break;
			}
		}
		chain.doFilter(request, response);
	}

	private record Entry(RequestMatcher matcher, String deprecation, String sunsetHeader, Instant sunset, String link,
			boolean enforce) {
	}

}
