package dev.apisec.test;

import java.net.http.HttpResponse;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses to one client's requests against a shared rate limit on Redis, in allow mode.
 * On a shared, busy test machine a decision can miss the 500 ms timeout; allow mode then
 * lets the request through undecided (no RateLimit header, counted as a backend failure),
 * and its token may or may not have been taken on Redis. The limit held means: never more
 * than the limit decided, every extra admission explained by a counted failure, and with
 * no timeout exactly the limit ({@link #assertExactlyTheLimit}, for tests whose timeout
 * is long enough).
 */
public final class RateLimitTally {

	private final long limit;

	private final LongSupplier backendFailures;

	private final long failuresBefore;

	private long decided;

	private long undecided;

	private long refused;

	/**
	 * Start counting.
	 * @param limit the limit of the client
	 * @param backendFailures the backend failures of all applications under test, so far
	 */
	public RateLimitTally(long limit, LongSupplier backendFailures) {
		this.limit = limit;
		this.backendFailures = backendFailures;
		this.failuresBefore = backendFailures.getAsLong();
	}

	public void add(HttpResponse<String> response) {
		assertThat(response.statusCode()).isIn(200, 429);
		if (response.statusCode() == 429) {
			this.refused++;
		}
		else if (response.headers().firstValue("RateLimit").isPresent()) {
			this.decided++;
		}
		else {
			this.undecided++;
		}
	}

	public long refused() {
		return this.refused;
	}

	public void assertLimitHeld() {
		assertThat(this.decided).as("decided allowed").isLessThanOrEqualTo(this.limit);
		assertThat(this.decided + this.undecided).as("allowed").isGreaterThanOrEqualTo(this.limit);
		assertThat(this.undecided).as("let through undecided")
			.isEqualTo(this.backendFailures.getAsLong() - this.failuresBefore);
		assertThat(this.refused).as("refused").isPositive();
	}

	/**
	 * Assert that every request was decided and exactly the limit allowed: for a timeout
	 * long enough that no decision misses it.
	 * @param requests the number of requests sent
	 */
	public void assertExactlyTheLimit(long requests) {
		assertThat(this.undecided).as("let through undecided").isZero();
		assertThat(this.backendFailures.getAsLong() - this.failuresBefore).as("backend failures").isZero();
		assertThat(this.decided).as("allowed").isEqualTo(this.limit);
		assertThat(this.refused).as("refused").isEqualTo(requests - this.limit);
	}

}
