package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.DataLineage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one line a round of {@code catstream retrain} logs. */
class RetrainRoundTest {

    private static final String SHA = "ab".repeat(32);
    private static final DataLineage LINEAGE = new DataLineage(DataLineage.KAFKA, "c1",
            List.of(new DataLineage.OffsetRange("images", 0, 0, 250)), Map.of("not-cat", 110L, "cat", 130L),
            Map.of("no-truth", 9L, "conflicting-truth", 1L), SHA);

    @Test
    void shouldNameTheVersionTheDataSetItsCountsAndTheTestAccuracy() {
        RetrainRound round = new RetrainRound(3, LINEAGE, null, "cats@7", "challenger", 0.81234, Duration.ofMillis(61_250));

        assertThat(round.line()).isEqualTo("retrain round 3: published cats@7 as challenger; data set sha256 " + SHA
                + ", 240 images with truth ({cat=130, not-cat=110}), left out {conflicting-truth=1, no-truth=9}; "
                + "test accuracy 0.8123; 61.3 s");
    }

    @Test
    void shouldGiveTheReasonOfASkipWithTheDataSetWhenItWasRead() {
        RetrainChecks.Skip skip = new RetrainChecks.Skip(RetrainChecks.NO_NEW_TRUTH, "the data set is the one cats@7 was trained on");

        assertThat(RetrainRound.skipped(4, skip, LINEAGE, Duration.ofMillis(2_000)).line())
                .startsWith("retrain round 4: skipped (no-new-truth): the data set is the one cats@7 was trained on; data set sha256 " + SHA)
                .doesNotContain("test accuracy").endsWith("; 2.0 s");
        assertThat(RetrainRound.skipped(5, new RetrainChecks.Skip(RetrainChecks.CHALLENGER_ON_TRIAL, "cats@8 is on trial"), null,
                Duration.ofMillis(400)).line()).isEqualTo("retrain round 5: skipped (challenger-on-trial): cats@8 is on trial; 0.4 s");
    }
}
