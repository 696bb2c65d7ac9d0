/**
 * The HTTP load benchmark: one endpoint, {@code GET /bench/me}, in the mode chosen by
 * profile ({@code none}, {@code floor}, {@code starter} or {@code handwritten}), and a
 * stand-in identity provider ({@code idp}) that the protected modes trust.
 * {@code BenchApplication} is started by {@code benchmarks/http/run.sh}, which drives the
 * load with wrk or, when wrk is not installed, with {@code LoadDriver}.
 */
package dev.apisec.bench.http;
