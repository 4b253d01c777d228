package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.ops.ExternalTool.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    private static final ExternalTool MISSING = new ExternalTool("catstream-no-such-tool", "no-such-package");

    @Test
    void shouldSkipWhenTheToolIsMissingOutsideCiAndFailOnCi() {
        Class<? extends Throwable> expected = ExternalTool.onCi() ? AssertionFailedError.class : TestAbortedException.class;

        assertThatThrownBy(MISSING::require)
                .isInstanceOf(expected)
                .hasMessageContaining("catstream-no-such-tool is not on the PATH (Debian package no-such-package");
    }

    @Test
    void shouldReturnTheExitCodeAndTheMergedOutput() throws Exception {
        Result result = new ExternalTool("sh", "dash").run(Path.of("."), "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("out", "err");
    }
}
