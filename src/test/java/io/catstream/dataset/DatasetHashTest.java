package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The data set hash against Python's hashlib over the layout the docs state, built there independently. */
class DatasetHashTest {

    private static final String PYTHON = String.join("\n",
            "import hashlib, struct, sys",
            "h = hashlib.sha256(b'catstream-dataset-v1\\n')",
            "for line in sys.stdin.read().split():",
            "    id_hex, cat, data_hex = line.split(':')",
            "    i, d = bytes.fromhex(id_hex), bytes.fromhex(data_hex)",
            "    h.update(struct.pack('>I', len(i)) + i + bytes([int(cat)]) + struct.pack('>Q', len(d)) + d)",
            "print(h.hexdigest())");

    @Test
    void shouldHashIdsTruthsAndBytesInTheDocumentedLayoutAsPythonDoes() throws Exception {
        Random random = new Random(14);
        byte[] big = new byte[70_000];
        random.nextBytes(big);
        List<LabelledImage> images = List.of(new LabelledImage("cats/a.jpg", true, new byte[] {1, 2, 3}),
                new LabelledImage("random_images/ü.png", false, big), new LabelledImage("x", true, new byte[0]));

        assertThat(DatasetHash.of(images)).isEqualTo(python(images));
        assertThat(DatasetHash.of(List.of())).isEqualTo(python(List.of()));
    }

    @Test
    void shouldChangeWithTheTruthTheOrderAndTheIdBoundary() {
        LabelledImage a = new LabelledImage("ab", true, new byte[] {7});
        LabelledImage b = new LabelledImage("c", true, new byte[] {8});
        String base = DatasetHash.of(List.of(a, b));

        assertThat(DatasetHash.of(List.of(b, a))).isNotEqualTo(base);
        assertThat(DatasetHash.of(List.of(new LabelledImage("ab", false, new byte[] {7}), b))).isNotEqualTo(base);
        // the length prefixes keep "ab"+"c" apart from "a"+"bc"
        assertThat(DatasetHash.of(List.of(new LabelledImage("a", true, new byte[] {7}), new LabelledImage("bc", true, new byte[] {8}))))
                .isNotEqualTo(base);
    }

    private static String python(List<LabelledImage> images) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", PYTHON).redirectErrorStream(true).start();
        StringBuilder input = new StringBuilder();
        java.util.HexFormat hex = java.util.HexFormat.of();
        for (LabelledImage i : images) {
            input.append(hex.formatHex(i.id().getBytes(StandardCharsets.UTF_8))).append(':').append(i.isCat() ? 1 : 0).append(':')
                    .append(i.bytes().length == 0 ? "" : hex.formatHex(i.bytes())).append('\n');
        }
        try (var in = p.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
