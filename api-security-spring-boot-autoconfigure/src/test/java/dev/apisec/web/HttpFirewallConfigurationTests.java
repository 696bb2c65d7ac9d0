package dev.apisec.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

class HttpFirewallConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NetworkAutoConfiguration.class, WebHardeningAutoConfiguration.class));

	/**
	 * Printable ASCII, tab, C0 and C1 controls, DEL, Latin-1, unassigned, surrogates,
	 * emoji.
	 */
	private static final String ALPHABET = "aZ09 -._~+/=\"\t\n\r\u0000\u001f\u007f\u0080\u0085\u009f\u00a0\u00e9\u00ff"
			+ "\u0378\u2028\u2029\ufeff\uffff\ud800\udc00\ud83d\ude00\u200b\u0130";

	@Test
	void answersLikeSpringSecuritysOwnChecks() {
		List<String> values = new ArrayList<>(List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "a\tb", "\t",
				"caf\u00e9", "a\u0085b", "\u0378", "x\uffff", "\ud83d\ude00", "\ud800", "a\u007f", "a\nb"));
		Random random = new Random(20261122);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				// Mostly ASCII, like real headers, so that the fast path and the fallback
				// both run.
				value.append((random.nextInt(4) > 0) ? (char) (0x20 + random.nextInt(0x5f))
						: ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			values.add(value.toString());
		}
		assertSameAnswers(new AsciiFirstPredicate(false, StrictHttpFirewall.ALLOWED_HEADER_NAMES),
				StrictHttpFirewall.ALLOWED_HEADER_NAMES, values);
		assertSameAnswers(new AsciiFirstPredicate(true, StrictHttpFirewall.ALLOWED_HEADER_VALUES),
				StrictHttpFirewall.ALLOWED_HEADER_VALUES, values);
		assertSameAnswers(new AsciiFirstPredicate(false, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES),
				StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, values);
	}

	private static void assertSameAnswers(Predicate<String> ours, Predicate<String> springs, List<String> values) {
		int refused = 0;
		for (String value : values) {
			boolean expected = springs.test(value);
			assertThat(ours.test(value)).as("answer for %s", value.chars().mapToObj(Integer::toHexString).toList())
				.isEqualTo(expected);
			refused += expected ? 0 : 1;
		}
		// The corpus has both answers, so the comparison covers refusals too.
		assertThat(refused).isPositive().isLessThan(values.size());
	}

	@Test
	void springSecurityUsesTheStartersFirewall() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HttpFirewall.class);
			assertThat(context.getBean(HttpFirewall.class)).isInstanceOf(StrictHttpFirewall.class);
		});
	}

	@Test
	void applicationsFirewallWins() {
		DefaultHttpFirewall own = new DefaultHttpFirewall();
		this.contextRunner.withBean(HttpFirewall.class, () -> own)
			.run((context) -> assertThat(context.getBean(HttpFirewall.class)).isSameAs(own));
	}

	@Test
	void noFirewallWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StrictHttpFirewall.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpFirewall.class));
	}

}
