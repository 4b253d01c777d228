package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LabelTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00.123Z");

    @Test
    void shouldWriteTheDocumentedJsonFieldsInOrder() {
        Label label = new Label("cats/cat.1.jpg", true, 0.9312, "catstream", 3, true, AT);

        assertThat(new String(label.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"image_id\":\"cats/cat.1.jpg\",\"is_cat\":true,"
                + "\"probability\":0.9312,\"model_name\":\"catstream\",\"model_version\":3,\"label\":true,"
                + "\"scored_at\":\"2026-11-27T10:00:00.123Z\"}");
    }

    @Test
    void shouldWriteTheSameBytesAsAJacksonTreeAndReadThemBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Label label : new Label[] {
                new Label("a \"quoted\" id/ü\n", false, 1.0E-17, "catstream", 12, null, AT),
                new Label(null, true, 0.5000000000000001, "m", 1, false, Instant.EPOCH)}) {
            ObjectNode tree = json.createObjectNode();
            tree.put("image_id", label.imageId());
            tree.put("is_cat", label.isCat());
            tree.put("probability", label.probability());
            tree.put("model_name", label.modelName());
            tree.put("model_version", label.modelVersion());
            tree.put("label", label.label());
            tree.put("scored_at", label.scoredAt().toString());

            assertThat(label.toJson()).isEqualTo(json.writeValueAsBytes(tree));
            assertThat(Label.fromJson(label.toJson())).isEqualTo(label);
        }
    }
}
