package io.rocketexpress.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void chartPassesStrictLint() {
        LintResult lint = Chart.helm().lint().strict().call();

        assertThat(lint.getMessages()).as("lint messages")
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
    }
}
