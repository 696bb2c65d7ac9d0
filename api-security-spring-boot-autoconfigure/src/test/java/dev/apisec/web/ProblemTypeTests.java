package dev.apisec.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProblemType}: the documented catalogue and the types of statuses
 * without one of their own, as {@link ProblemResponseWriter} makes them.
 */
class ProblemTypeTests {

	private final ProblemResponseWriter problems = new ProblemResponseWriter();

	private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);

	@Test
	void catalogueInTheDocsListsExactlyTheTypes() throws IOException {
		Path page = Path.of(System.getProperty("apisec.docs.dir", "../docs"), "problems.md");
		Matcher rows = ROW.matcher(Files.readString(page));
		List<String> documented = rows.results().map((row) -> row.group(1) + " " + row.group(2)).toList();
		List<String> types = Arrays.stream(ProblemType.values())
			.map((type) -> type.getStatus() + " " + type.getName())
			.toList();
		assertThat(documented).as("Problem types in %s", page).containsExactlyInAnyOrderElementsOf(types);
	}

	@Test
	void statusWithATypeOfItsOwnUsesIt() {
		ProblemDetail problem = this.problems.problemForStatus(404);
		assertThat(problem.getType()).hasToString("urn:apisec:problem:not-found");
		assertThat(problem.getTitle()).isEqualTo("Not Found");
		assertThat(problem.getDetail()).isEqualTo("No resource exists at this path.");
	}

	@Test
	void otherStatusIsNamedAfterItsReasonPhrase() {
		ProblemDetail conflict = this.problems.problemForStatus(409);
		assertThat(conflict.getType()).hasToString("urn:apisec:problem:conflict");
		assertThat(conflict.getTitle()).isEqualTo("Conflict");
		assertThat(this.problems.problemForStatus(418).getType()).hasToString("urn:apisec:problem:i-m-a-teapot");
		assertThat(this.problems.problemForStatus(504).getType()).hasToString("urn:apisec:problem:gateway-timeout");
	}

	@Test
	void unknownStatusIsNamedAfterItsCode() {
		ProblemDetail problem = this.problems.problemForStatus(499);
		assertThat(problem.getType()).hasToString("urn:apisec:problem:http-499");
		assertThat(problem.getTitle()).isEqualTo("HTTP 499");
		assertThat(problem.getStatus()).isEqualTo(499);
	}

}
