package dev.apisec.docs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import org.springframework.util.unit.DataSize;

/**
 * Formats property values the way they are written in configuration files.
 */
final class ValueFormatter {

	private static final List<Map.Entry<String, Duration>> DURATION_UNITS = List.of(Map.entry("d", Duration.ofDays(1)),
			Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)),
			Map.entry("s", Duration.ofSeconds(1)), Map.entry("ms", Duration.ofMillis(1)),
			Map.entry("ns", Duration.ofNanos(1)));

	private static final List<Map.Entry<String, DataSize>> DATA_SIZE_UNITS = List.of(
			Map.entry("TB", DataSize.ofTerabytes(1)), Map.entry("GB", DataSize.ofGigabytes(1)),
			Map.entry("MB", DataSize.ofMegabytes(1)), Map.entry("KB", DataSize.ofKilobytes(1)),
			Map.entry("B", DataSize.ofBytes(1)));

	private ValueFormatter() {
	}

	/**
	 * Return a value as written in a properties file, e.g. "30s", "512KB" or "entra-id".
	 * @param value the value, possibly {@code null}
	 * @return the formatted value, empty for {@code null} or an empty collection
	 */
	static String format(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Duration duration) {
			return largestExactUnit(duration.toNanos(), DURATION_UNITS, Duration::toNanos);
		}
		if (value instanceof DataSize size) {
			return largestExactUnit(size.toBytes(), DATA_SIZE_UNITS, DataSize::toBytes);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		if (value instanceof Collection<?> values) {
			return values.stream().map(ValueFormatter::format).collect(Collectors.joining(", "));
		}
		if (value instanceof Map<?, ?> map) {
			return map.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + ": " + format(entry.getValue()))
				.collect(Collectors.joining(", "));
		}
		return value.toString();
	}

	private static <U> String largestExactUnit(long amount, List<Map.Entry<String, U>> units, ToLongFunction<U> size) {
		for (Map.Entry<String, U> unit : units) {
			long unitSize = size.applyAsLong(unit.getValue());
			if (amount % unitSize == 0) {
				return (amount / unitSize) + unit.getKey();
			}
		}
		throw new IllegalStateException("Smallest unit must divide every amount");
	}

}
