package io.catstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.testsupport.RecordSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code training.source} section (issue #14): written, read back, described by the schema, optional. */
class ModelLineageTest {

    static final DataLineage LINEAGE = new DataLineage(DataLineage.KAFKA, "q1Sh-9_ISia_zwGINzRvyQ",
            List.of(new DataLineage.OffsetRange("images", 1, 0, 19), new DataLineage.OffsetRange("images", 0, 3, 21),
                    new DataLineage.OffsetRange("image-truth", 0, 0, 14)),
            Map.of("cat", 61L, "not-cat", 59L), Map.of("no-truth", 3L, "conflicting-truth", 1L), "ab".repeat(32));

    static ModelArtifact withLineage(ModelArtifact model, DataLineage lineage) {
        return new ModelArtifact(model.name(), model.input(), model.training().withSource(lineage), model.extra(),
                model.weights(), model.reference());
    }

    @Test
    void shouldReadBackTheLineageItWrote() {
        ModelArtifact model = withLineage(TestModels.random(TestModels.SMALL, 1), LINEAGE);

        ModelArtifact read = ModelCodec.decode(ModelCodec.encode(model));

        assertThat(read.training().source()).isEqualTo(LINEAGE);
        assertThat(read.training().source().rangesOf("images")).extracting(DataLineage.OffsetRange::partition).containsExactly(0, 1);
        assertThat(read).isEqualTo(model);
    }

    @Test
    void shouldWriteAModelWithoutLineageExactlyAsBeforeAndReadItWithNone() {
        ModelArtifact model = TestModels.random(TestModels.SMALL, 2);
        String header = new String(RecordSchemas.modelFileHeader(ModelCodec.encode(model)), StandardCharsets.UTF_8);

        assertThat(model.training().source()).isNull();
        assertThat(header).doesNotContain("\"source\"");
        assertThat(ModelCodec.decode(ModelCodec.encode(model)).training().source()).isNull();
    }

    @Test
    void shouldDescribeTheLineageInTheModelFileSchema() {
        byte[] header = RecordSchemas.modelFileHeader(ModelCodec.encode(withLineage(TestModels.random(TestModels.SMALL, 3),
                LINEAGE)));

        RecordSchemas.assertValid(RecordSchemas.MODEL_FILE_HEADER, header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"topics\":{\"image-truth\":{\"0\":[0,14]},"
                + "\"images\":{\"0\":[3,21],\"1\":[0,19]}}");
        RecordSchemas.assertInvalidAfter(RecordSchemas.MODEL_FILE_HEADER, header,
                n -> ((ObjectNode) n.get("training").get("source")).put("sha256", "not-hex"));
        RecordSchemas.assertInvalidAfter(RecordSchemas.MODEL_FILE_HEADER, header,
                n -> ((ObjectNode) n.get("training").get("source")).put("kind", "s3"));
    }

    @Test
    void shouldRefuseALineageThatIsNotOne() {
        assertThatThrownBy(() -> new DataLineage("s3", null, List.of(), Map.of(), Map.of(), "ab".repeat(32)))
                .hasMessageContaining("kafka");
        assertThatThrownBy(() -> new DataLineage.OffsetRange("images", 0, 9, 5)).hasMessageContaining("from <= to");
    }
}
