package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of {@code train --from-kafka} and {@code dataset export} that are refused before any broker is asked. */
class TrainFromKafkaOptionsTest {

    private static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseARangeWithoutFromKafka() {
        CliRun run = CliRun.of("train", "--data", dir.toString(), "--since", "1h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--since, --until and --offsets select images on Kafka: add --from-kafka");
    }

    @Test
    void shouldRefuseFromKafkaWithAFolderOrBadRanges() {
        CliRun both = CliRun.of("train", "--from-kafka", "--data", dir.toString());
        CliRun badOffsets = CliRun.of("train", "--from-kafka", "--offsets", "images:0:9-5", "--bootstrap-servers", NOWHERE);
        CliRun mixed = CliRun.of("train", "--from-kafka", "--offsets", "images:0:0-5", "--since", "1h",
                "--bootstrap-servers", NOWHERE);
        CliRun badTime = CliRun.of("train", "--from-kafka", "--since", "yesterday", "--bootstrap-servers", NOWHERE);
        CliRun empty = CliRun.of("train", "--from-kafka", "--since", "1h", "--until", "2h", "--bootstrap-servers", NOWHERE);
        CliRun testFolder = CliRun.of("train", "--from-kafka", "--test-data", dir.toString(), "--bootstrap-servers", NOWHERE);

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(badOffsets.exitCode()).isEqualTo(2);
        assertThat(badOffsets.err().strip()).isEqualTo("catstream: --offsets: 'images:0:9-5' ends before it starts: FROM-TO is [from, to), to >= from");
        assertThat(mixed.err().strip()).isEqualTo("catstream: give --offsets or --since/--until, not both");
        assertThat(badTime.err()).contains("invalid value 'yesterday' for --since");
        assertThat(empty.err()).contains("the time range is empty");
        assertThat(testFolder.err()).contains("--test-data goes with --data");
        assertThat(testFolder.exitCode()).isEqualTo(2);
    }

    @Test
    void shouldRefuseToExportAModelWithoutLineage() throws Exception {
        Path model = dir.resolve("old.catmodel");
        ModelCodec.write(model, TestModels.random(TestModels.SMALL, 1));

        CliRun run = CliRun.of("dataset", "export", "--model", model.toString(), "--out", dir.resolve("out").toString(),
                "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("records no data lineage");
    }
}
