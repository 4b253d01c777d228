package io.catstream.model;

import static io.catstream.model.TestModels.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.NetworkShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCodecTest {

    private final ModelArtifact small = TestModels.random(SMALL, 7);
    private final byte[] valid = ModelCodec.encode(small);

    @Test
    void shouldRoundTripTheArticleShapeWithByteExactParametersAndEqualHeader() {
        ModelArtifact original = TestModels.random(NetworkShape.ARTICLE, 42);

        byte[] bytes = ModelCodec.encode(original);
        ModelArtifact decoded = ModelCodec.decode(bytes);

        // Parameters of [49152,20,7,5,1]: 20·49152+20 + 7·20+7 + 5·7+5 + 1·5+1 = 983,253 float64 = 7,866,024 bytes,
        // plus the 16-byte prefix and a header of about a kilobyte.
        long parameterBytes = 8 * NetworkShape.ARTICLE.parameterCount();
        assertThat(parameterBytes).isEqualTo(7_866_024L);
        int start = TestModels.parametersStart(bytes);
        assertThat(bytes.length - start).isEqualTo(parameterBytes);
        assertThat(start % 8).as("parameters start 8-byte aligned").isZero();
        assertThat(ParameterLayout.of(decoded.shape()).toBytes(decoded.arrays()))
                .isEqualTo(Arrays.copyOfRange(bytes, start, bytes.length));
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.name()).isEqualTo("cats-v1");
        assertThat(decoded.input()).isEqualTo(InputContract.rgb(128));
        assertThat(decoded.training()).isEqualTo(original.training());
        assertThat(decoded.extra()).isEqualTo(original.extra());
        assertThat(decoded.parametersSha256()).isEqualTo(original.parametersSha256())
                .isEqualTo(TestModels.header(bytes).get("parametersSha256").textValue());
        assertThat(ModelCodec.encode(decoded)).as("re-encoding is byte for byte the same").isEqualTo(bytes);
    }

    @Test
    void shouldDescribeEveryArrayInTheHeaderSoOtherLanguagesNeedNothingElse() {
        ObjectNode header = TestModels.header(valid);

        assertThat(header.get("format").textValue()).isEqualTo("catstream-model");
        assertThat(header.get("formatVersion").intValue()).isEqualTo(1);
        assertThat(header.get("dtype").textValue()).isEqualTo("float64");
        assertThat(header.get("dims").toString()).isEqualTo("[48,7,5,1]");
        assertThat(header.get("arrays").get(2).toString())
                .isEqualTo("{\"name\":\"W2\",\"shape\":[5,7],\"offset\":2744,\"count\":35}"); // (7·48 + 7)·8 = 2744
        assertThat(header.get("input").toString()).isEqualTo("{\"imageSize\":4,\"channels\":\"RGB\",\"layout\":\"HWC\","
                + "\"divisor\":255.0,\"resizeFilter\":\"pillow-bilinear\",\"mean\":null,\"std\":null}");
        assertThat(header.get("training").get("createdAt").textValue()).isEqualTo("2025-03-01T10:15:30.123456Z");
    }

    @Test
    void shouldKeepNullTrainingFactsOfAnImportedModelNull() {
        ModelArtifact imported = ModelArtifact.of("imported", InputContract.rgb(4),
                TrainingFacts.imported(java.time.Instant.EPOCH), TestModels.randomParameters(SMALL, 1));

        ModelArtifact decoded = ModelCodec.decode(ModelCodec.encode(imported));

        assertThat(decoded).isEqualTo(imported);
        assertThat(decoded.training().testAccuracy()).isNull();
        assertThat(decoded.training().dataFingerprint()).isNull();
    }

    @Test
    void shouldIgnoreHeaderFieldsItDoesNotKnow() {
        byte[] withRegistryFields = TestModels.withHeader(valid, h -> {
            h.put("modelVersion", 17);
            h.putObject("signature").put("alg", "ed25519").put("value", "AAAA");
            ((ObjectNode) h.get("training")).put("gpu", "none");
        });

        assertThat(ModelCodec.decode(withRegistryFields)).isEqualTo(small);
    }

    @Test
    void shouldRefuseWrongMagicAsBadMagic() {
        byte[] zip = valid.clone();
        System.arraycopy("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1), 0, zip, 0, 4);

        assertRefused(zip, Reason.BAD_MAGIC);
        assertThatThrownBy(() -> ModelCodec.decode(zip)).hasMessageContaining("PK\\x03\\x04ODEL");
    }

    @Test
    void shouldRefuseFormatVersion99AsUnknownFormatVersion() {
        assertRefused(TestModels.withUint32(valid, 8, 99), Reason.UNKNOWN_FORMAT_VERSION);
    }

    @Test
    void shouldRefuseAHeaderWhoseFormatVersionDisagreesWithThePrefix() {
        assertRefused(TestModels.withHeader(valid, h -> h.put("formatVersion", 2)), Reason.BAD_HEADER);
    }

    @Test
    void shouldRefuseTruncationAnywhereAsTruncated() {
        int start = TestModels.parametersStart(valid);
        int[] cuts = {0, 4, 8, 12, 15, 16, 20, start / 2, start - 1, start, start + 100, valid.length - 1};

        for (int cut : cuts) {
            assertRefused(Arrays.copyOf(valid, cut), Reason.TRUNCATED);
        }
    }

    @Test
    void shouldRefuseBytesAfterTheParametersAsTrailingBytes() {
        assertRefused(Arrays.copyOf(valid, valid.length + 8), Reason.TRAILING_BYTES);
    }

    @Test
    void shouldRefuseAHeaderLengthOf2GiBAsTruncatedWithoutAllocatingIt() {
        assertRefused(TestModels.withUint32(valid, 12, 1L << 31), Reason.TRUNCATED);
        assertRefused(TestModels.withUint32(valid, 12, 0xFFFF_FFFFL), Reason.TRUNCATED);
    }

    @Test
    void shouldRefuseDimsOfAHugeNetworkAsTruncatedWithoutAllocatingIt() {
        int max = Integer.MAX_VALUE;
        byte[] huge = TestModels.withHeader(valid, h -> {
            h.putArray("dims").add(max).add(max).add(1);
            ArrayNode arrays = h.putArray("arrays");
            arrays.addObject().put("name", "W1").put("offset", 0).put("count", (long) max * max).putArray("shape").add(max).add(max);
            arrays.addObject().put("name", "b1").put("offset", 0).put("count", max).putArray("shape").add(max).add(1);
            arrays.addObject().put("name", "W2").put("offset", 0).put("count", max).putArray("shape").add(1).add(max);
            arrays.addObject().put("name", "b2").put("offset", 0).put("count", 1).putArray("shape").add(1).add(1);
        });

        assertRefused(huge, Reason.TRUNCATED);
    }

    @Test
    void shouldRefuseAFlippedBitInTheParametersAsChecksumMismatch() {
        byte[] flipped = valid.clone();
        flipped[TestModels.parametersStart(valid) + 1000] ^= 0x10;

        assertRefused(flipped, Reason.CHECKSUM_MISMATCH);
    }

    @Test
    void shouldRefuseNaNOrInfinityWithACorrectChecksumAsNonFiniteParameter() {
        byte[] nan = TestModels.withRecomputedChecksum(TestModels.withParameter(valid, 3, Double.NaN));
        byte[] inf = TestModels.withRecomputedChecksum(TestModels.withParameter(valid, 48 * 7 + 2, Double.NEGATIVE_INFINITY));

        assertRefused(nan, Reason.NON_FINITE_PARAMETER);
        assertThatThrownBy(() -> ModelCodec.decode(nan)).hasMessageContaining("W1[0, 3] is NaN");
        assertRefused(inf, Reason.NON_FINITE_PARAMETER);
        assertThatThrownBy(() -> ModelCodec.decode(inf)).hasMessageContaining("b1[2, 0] is -Infinity");
    }

    @Test
    void shouldRefuseArraysWhoseShapesDoNotFollowDimsAsDimsDoNotChain() {
        // dims say layer 2 has 8 units, but W2 is stored as 5×7 and b2 as 5×1: W3 (1×5) no longer chains.
        byte[] rechained = TestModels.withHeader(valid, h -> h.putArray("dims").add(48).add(7).add(8).add(1));

        assertRefused(rechained, Reason.DIMS_DO_NOT_CHAIN);
        assertThatThrownBy(() -> ModelCodec.decode(rechained)).hasMessageContaining("W2 has shape [5, 7]");
    }

    @Test
    void shouldRefuseAnImageSizeThatDoesNotGiveDims0AsContractMismatch() {
        byte[] wrongSize = TestModels.withHeader(valid, h -> ((ObjectNode) h.get("input")).put("imageSize", 5));
        byte[] bgr = TestModels.withHeader(valid, h -> ((ObjectNode) h.get("input")).put("channels", "BGR"));
        byte[] standardised = TestModels.withHeader(valid, h -> ((ObjectNode) h.get("input")).putArray("mean").add(0.5));

        assertRefused(wrongSize, Reason.CONTRACT_MISMATCH);
        assertThatThrownBy(() -> ModelCodec.decode(wrongSize)).hasMessageContaining("3·5² = 75 features, but dims[0] = 48");
        assertRefused(bgr, Reason.CONTRACT_MISMATCH);
        assertRefused(standardised, Reason.CONTRACT_MISMATCH);
    }

    @Test
    void shouldRefuseMissingOrMistypedHeaderFieldsAsBadHeader() {
        assertRefused(TestModels.withHeader(valid, h -> h.remove("dims")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.put("dims", "48,7,5,1")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.put("dtype", "float32")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.put("format", "dnnref-v1")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.put("name", "../etc/passwd")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> ((ObjectNode) h.get("training")).put("createdAt", "yesterday")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> ((ObjectNode) h.get("training")).put("iterations", 1e20)), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> ((ObjectNode) h.get("arrays").get(0)).put("offset", 8)), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> ((ObjectNode) h.get("arrays").get(1)).put("name", "W2")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.put("parametersSha256", "not hex")), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(valid, h -> h.putObject("extra").put("n", 1)), Reason.BAD_HEADER);
    }

    @Test
    void shouldRefuseAHeaderThatIsNotJsonAsBadHeader() {
        byte[] notJson = valid.clone();
        notJson[16] = '[';
        byte[] duplicateKey = valid.clone();
        int at = indexOf(duplicateKey, "\"dtype\"".getBytes(StandardCharsets.US_ASCII));
        System.arraycopy("\"name\" ".getBytes(StandardCharsets.US_ASCII), 0, duplicateKey, at, 7); // "dtype" -> "name" (same length)

        assertRefused(notJson, Reason.BAD_HEADER);
        assertRefused(TestModels.withUint32(valid, 12, 0), Reason.BAD_HEADER);
        assertRefused(duplicateKey, Reason.BAD_HEADER);
    }

    @Test
    void shouldRefuseRandomBytesWithAReasonAndNothingElse() {
        java.util.Random random = new java.util.Random(2024);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            if (i % 2 == 0 && noise.length >= 16) {
                // Half of them get past the magic and the version, to reach the length and header checks.
                ByteBuffer.wrap(noise).order(ByteOrder.LITTLE_ENDIAN).put(ModelCodec.MAGIC).putInt(1)
                        .putInt(random.nextInt(noise.length));
            }
            assertThatThrownBy(() -> ModelCodec.decode(noise)).isInstanceOf(InvalidModelException.class);
        }
    }

    @Test
    void shouldEitherDecodeOrRefuseWithAReasonWhateverByteIsChanged() {
        for (int i = 0; i < valid.length; i++) {
            byte[] mutated = valid.clone();
            mutated[i] ^= (byte) (1 << (i % 8));
            try {
                ModelCodec.decode(mutated);
            } catch (InvalidModelException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Test
    void shouldRefuseToEncodeAModelItWouldRefuseToDecode() {
        ModelArtifact withNaN = TestModels.random(SMALL, 3);
        withNaN.parameters().bias(2).data[1] = Double.NaN;
        ModelArtifact wrongContract = new ModelArtifact("x", InputContract.rgb(8), TestModels.trainingFacts(), null,
                TestModels.randomParameters(SMALL, 3));

        assertThatThrownBy(() -> ModelCodec.encode(withNaN)).isInstanceOf(InvalidModelException.class)
                .extracting(e -> ((InvalidModelException) e).reason()).isEqualTo(Reason.NON_FINITE_PARAMETER);
        assertThatThrownBy(() -> ModelCodec.encode(wrongContract)).isInstanceOf(InvalidModelException.class)
                .extracting(e -> ((InvalidModelException) e).reason()).isEqualTo(Reason.CONTRACT_MISMATCH);
    }

    @Test
    void shouldWriteAndReadAFileWithoutLeavingTemporaryFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cats.catmodel");

        ModelCodec.write(file, small);
        ModelCodec.write(file, small); // overwrite in place

        assertThat(ModelCodec.read(file)).isEqualTo(small);
        assertThat(Files.readAllBytes(file)).isEqualTo(valid);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldReportAChecksumMismatchWhenInspectingACorruptModel() {
        byte[] flipped = valid.clone();
        flipped[flipped.length - 1] ^= 1;

        ModelInspection ok = ModelCodec.inspect(valid);
        ModelInspection bad = ModelCodec.inspect(flipped);

        assertThat(ok.checksumMatches()).isTrue();
        assertThat(ok.valid()).isTrue();
        assertThat(ok.headerJson()).contains("\"name\" : \"cats-v1\"");
        assertThat(bad.checksumMatches()).isFalse();
        assertThat(bad.problem().reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
    }

    private static void assertRefused(byte[] bytes, Reason reason) {
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(InvalidModelException.class)
                .satisfies(e -> assertThat(((InvalidModelException) e).reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
