package dev.apisec.bench.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The HTTP benchmark application: {@code GET /bench/me} in the mode chosen by profile.
 * <ul>
 * <li>{@code none}: no security at all (the ceiling);</li>
 * <li>{@code starter}: JWT, rules, rate limit and headers from {@code apisec.*};</li>
 * <li>{@code handwritten}: the Spring Security resource server and a bucket4j limiter, written
 * by hand for the same protection;</li>
 * <li>{@code idp}: not a mode but the stand-in identity provider the other two trust: it
 * serves the JWK Set and hands out one token.</li>
 * </ul>
 * Run by {@code benchmarks/http/run.sh}.
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchApplication.class, args);
	}

}
