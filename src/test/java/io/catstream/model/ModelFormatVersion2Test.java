package io.catstream.model;

import static io.catstream.model.TestModels.CONV;
import static io.catstream.model.TestModels.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.image.Standardisation;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.TensorShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Format version 2: standardisation and convolutional architectures; version 1 unchanged. */
class ModelFormatVersion2Test {

    private static final Path FIXTURE = Path.of("src/test/resources/io/catstream/registry/ModelRecordFuzzTestInputs/"
            + "shouldDecodeAModelFileOrRefuseItWithAReason/tiny-12-2-1.catmodel");

    private final ModelArtifact conv = TestModels.randomLayered(CONV, 5);
    private final byte[] convBytes = ModelCodec.encode(conv);
    private final ModelArtifact standardisedDense = TestModels.standardised(TestModels.random(SMALL, 7),
            TestModels.randomStandardisation(4, true, 1));
    private final byte[] standardisedBytes = ModelCodec.encode(standardisedDense);

    @Test
    void shouldReEncodeAVersion1FileWrittenBeforeVersion2ByteForByte() throws Exception {
        byte[] old = Files.readAllBytes(FIXTURE);

        ModelArtifact decoded = ModelCodec.decode(old);

        assertThat(ModelCodec.formatVersionOf(decoded)).isEqualTo(1);
        assertThat(ModelCodec.encode(decoded)).isEqualTo(old);
        assertThat(TestModels.header(old).has("architecture")).isFalse();
    }

    @Test
    void shouldWriteADenseModelWithoutStandardisationAsVersion1WithoutAnArchitectureField() {
        byte[] bytes = ModelCodec.encode(TestModels.random(SMALL, 7));

        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8)).isEqualTo(1);
        assertThat(TestModels.header(bytes).has("architecture")).isFalse();
    }

    @Test
    void shouldRoundTripAConvolutionalModelAsVersion2WithItsArchitectureAndArrays() {
        ObjectNode header = TestModels.header(convBytes);
        ModelArtifact decoded = ModelCodec.decode(convBytes);

        assertThat(ByteBuffer.wrap(convBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8)).isEqualTo(2);
        assertThat(header.get("formatVersion").intValue()).isEqualTo(2);
        assertThat(header.get("architecture").toString())
                .isEqualTo("{\"input\":[8,8,3],\"layers\":[\"conv4\",\"pool\",\"dense3\",\"dense1\"]}");
        assertThat(header.has("dims")).as("dims only for dense-only networks").isFalse();
        assertThat(header.get("arrays").get(2).toString())
                .isEqualTo("{\"name\":\"W2\",\"shape\":[3,64],\"offset\":896,\"count\":192}"); // (4·27 + 4)·8; 64 = 4·4·4 after pooling
        assertThat(decoded).isEqualTo(conv);
        assertThat(decoded.isDenseOnly()).isFalse();
        assertThat(decoded.architecture()).isEqualTo(CONV);
        assertThat(decoded.parametersSha256()).isEqualTo(conv.parametersSha256())
                .isEqualTo(header.get("parametersSha256").textValue())
                .isEqualTo(Sha256.hex(convBytes, TestModels.parametersStart(convBytes),
                        convBytes.length - TestModels.parametersStart(convBytes)));
        assertThat(ModelCodec.encode(decoded)).isEqualTo(convBytes);
        assertThatThrownBy(decoded::parameters).isInstanceOf(IllegalStateException.class).hasMessageContaining("convolutions");
    }

    @Test
    void shouldRoundTripAStandardisedDenseModelAsVersion2KeepingDims() {
        ObjectNode header = TestModels.header(standardisedBytes);
        ModelArtifact decoded = ModelCodec.decode(standardisedBytes);

        assertThat(header.get("formatVersion").intValue()).isEqualTo(2);
        assertThat(header.get("dims").toString()).isEqualTo("[48,7,5,1]");
        assertThat(header.get("architecture").toString())
                .isEqualTo("{\"input\":[4,4,3],\"layers\":[\"dense7\",\"dense5\",\"dense1\"]}");
        assertThat(header.get("input").get("mean")).hasSize(3);
        assertThat(decoded).isEqualTo(standardisedDense);
        assertThat(decoded.input().standardisation()).isEqualTo(standardisedDense.input().standardisation());
        assertThat(decoded.shape()).isEqualTo(SMALL);
        assertThat(ModelCodec.encode(decoded)).isEqualTo(standardisedBytes);
    }

    @Test
    void shouldKeepEveryStandardisationDoubleExactThroughJacksonsJsonText() {
        // Per feature at 4x4: 48 values each, the awkward ones first, then random bit patterns of every magnitude.
        double[] awkward = {0.1, 1.0 / 3, Math.PI, Math.nextUp(1.0), Math.nextDown(1.0), Double.MIN_VALUE,
            Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -0.0, 0.0, 1e-300, -123456.789e-12,
            4.9e-324, 2.2250738585072014E-308, 9007199254740993.0};
        Random random = new Random(11);
        double[] mean = new double[48];
        double[] std = new double[48];
        for (int i = 0; i < 48; i++) {
            mean[i] = i < awkward.length ? awkward[i] : randomFinite(random);
            std[i] = i < awkward.length ? Math.abs(awkward[(i + 3) % awkward.length]) + Double.MIN_VALUE
                    : Math.abs(randomFinite(random)) + Double.MIN_VALUE;
        }
        ModelArtifact model = TestModels.standardised(TestModels.random(SMALL, 7), new Standardisation(mean, std));

        ModelArtifact decoded = ModelCodec.decode(ModelCodec.encode(model));

        for (int i = 0; i < 48; i++) {
            assertThat(Double.doubleToRawLongBits(decoded.input().mean()[i])).as("mean[%d] = %s", i, mean[i])
                    .isEqualTo(Double.doubleToRawLongBits(mean[i]));
            assertThat(Double.doubleToRawLongBits(decoded.input().std()[i])).as("std[%d] = %s", i, std[i])
                    .isEqualTo(Double.doubleToRawLongBits(std[i]));
        }
        assertThat(decoded).isEqualTo(model);
    }

    private static double randomFinite(Random random) {
        double d;
        do {
            d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        return d;
    }

    @Test
    void shouldReadAFlatArchitectureInputForADenseNetwork() {
        byte[] flat = TestModels.withHeader(standardisedBytes, h -> ((ArrayNode) h.get("architecture").get("input"))
                .removeAll().add(1).add(1).add(48));

        assertThat(ModelCodec.decode(flat)).isEqualTo(standardisedDense);
    }

    @Test
    void shouldRefuseAVersionNewerThan3WithANewerFormatMessage() {
        assertThatThrownBy(() -> ModelCodec.decode(TestModels.withUint32(convBytes, 8, 4)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unknown-format-version").hasMessageContaining("newer format");
    }

    @Test
    void shouldRefuseUnusableStandardisationAsBadStandardisation() {
        assertRefused(withInput(standardisedBytes, i -> i.putArray("mean").add(0.1).add(0.2)), Reason.BAD_STANDARDISATION);
        assertRefused(withInput(standardisedBytes, i -> i.putNull("std")), Reason.BAD_STANDARDISATION);
        assertRefused(withInput(standardisedBytes, i -> i.putArray("std").add(0.1).add(0).add(0.2)), Reason.BAD_STANDARDISATION);
        assertRefused(withInput(standardisedBytes, i -> i.putArray("std").add(0.1).add(-1).add(0.2)), Reason.BAD_STANDARDISATION);
        // 12 = 3·2²: the per-feature length of another image size
        ArrayNode twelve = TestModels.header(standardisedBytes).arrayNode();
        for (int k = 0; k < 12; k++) {
            twelve.add(0.5);
        }
        assertRefused(withInput(standardisedBytes, i -> {
            i.set("mean", twelve);
            i.set("std", twelve);
        }), Reason.BAD_STANDARDISATION);
        // JSON cannot hold NaN (the header would be refused as bad-header): a writer must refuse it first.
        ModelArtifact dense = TestModels.random(SMALL, 7);
        ModelArtifact withNaN = new ModelArtifact("x", new InputContract(4, "RGB", "HWC", 255.0, "pillow-bilinear",
                new double[] {0, 0, 0}, new double[] {1, Double.NaN, 1}), dense.training(), null, dense.weights());
        assertThatThrownBy(() -> ModelCodec.encode(withNaN)).isInstanceOf(InvalidModelException.class)
                .extracting(e -> ((InvalidModelException) e).reason()).isEqualTo(Reason.BAD_STANDARDISATION);
    }

    @Test
    void shouldAcceptStandardisationPerChannelAndPerFeature() {
        for (boolean perChannel : new boolean[] {true, false}) {
            ModelArtifact model = TestModels.standardised(TestModels.random(SMALL, 3), TestModels.randomStandardisation(4, perChannel, 2));

            ModelArtifact decoded = ModelCodec.decode(ModelCodec.encode(model));

            assertThat(decoded).isEqualTo(model);
            assertThat(decoded.input().describeStandardisation())
                    .isEqualTo(perChannel ? "standardised per channel" : "standardised per feature");
        }
        ModelArtifact conv = TestModels.standardised(this.conv, TestModels.randomStandardisation(8, true, 4));
        assertThat(ModelCodec.decode(ModelCodec.encode(conv))).isEqualTo(conv);
    }

    @Test
    void shouldRefuseStandardisationInAVersion1FileAsContractMismatch() {
        byte[] v1 = ModelCodec.encode(TestModels.random(SMALL, 7));
        byte[] standardisedV1 = withInput(v1, i -> {
            i.putArray("mean").add(0.5).add(0.5).add(0.5);
            i.putArray("std").add(0.2).add(0.2).add(0.2);
        });

        assertRefused(standardisedV1, Reason.CONTRACT_MISMATCH);
    }

    @Test
    void shouldRefuseAConvolutionalInputThatIsNotTheContractsImageAsContractMismatch() {
        byte[] otherSize = withInput(convBytes, i -> i.put("imageSize", 16));
        // same number of values (192 = 8·8·3), other shape: a convolution would read it wrongly
        byte[] transposed = TestModels.withHeader(convBytes, h -> ((ArrayNode) h.get("architecture").get("input"))
                .removeAll().add(16).add(4).add(3));

        assertRefused(otherSize, Reason.CONTRACT_MISMATCH);
        assertRefused(transposed, Reason.CONTRACT_MISMATCH);
    }

    @Test
    void shouldRefuseAnArchitectureThatIsNoNetworkAsBadArchitecture() {
        assertRefused(withLayers(convBytes, "conv4", "pool", "dense3", "pool", "dense1"), Reason.BAD_ARCHITECTURE);
        assertRefused(withLayers(convBytes, "conv4", "pool", "dense3"), Reason.BAD_ARCHITECTURE);
        assertRefused(withLayers(convBytes, "conv4", "lstm", "dense1"), Reason.BAD_ARCHITECTURE);
        assertRefused(withLayers(convBytes, "pool", "pool", "pool", "pool", "dense1"), Reason.BAD_ARCHITECTURE);
        assertRefused(TestModels.withHeader(convBytes, h -> ((ArrayNode) h.get("architecture").get("input"))
                .removeAll().add(8).add(0).add(3)), Reason.BAD_ARCHITECTURE);
    }

    @Test
    void shouldRoundTripGapAndDropoutTokensAndScoreThemAsTheSameNetworkWithoutDropout() {
        Architecture arch = Architecture.parse("conv4,drop25,pool,gap,dense3,drop50,dense1", new TensorShape(8, 8, 3));
        ModelArtifact model = TestModels.randomLayered(arch, 5);
        byte[] bytes = ModelCodec.encode(model);
        ModelArtifact decoded = ModelCodec.decode(bytes);
        Architecture plain = Architecture.parse("conv4,pool,gap,dense3,dense1", arch.input());
        double[] image = new double[arch.inputSize()];
        Arrays.fill(image, 0.25);

        assertThat(TestModels.header(bytes).get("architecture").get("layers").toString())
                .isEqualTo("[\"conv4\",\"drop25\",\"pool\",\"gap\",\"dense3\",\"drop50\",\"dense1\"]");
        assertThat(TestModels.header(bytes).get("arrays").get(2).get("shape").toString()).as("dense3 sees the 4 channel means")
                .isEqualTo("[3,4]");
        assertThat(decoded).isEqualTo(model);
        assertThat(Classifiers.of(decoded).probability(image))
                .isEqualTo(Classifiers.of(ModelArtifact.of("p", model.input(), model.training(), null, plain, model.arrays()))
                        .probability(image));
    }

    @Test
    void shouldRefuseAnUnknownOrMisplacedLayerTokenNamingTheVocabulary() {
        assertRefused(withLayers(convBytes, "conv4", "pool", "dropout", "dense3", "dense1"), Reason.BAD_ARCHITECTURE);
        assertThatThrownBy(() -> ModelCodec.decode(withLayers(convBytes, "conv4", "pool", "batchnorm", "dense3", "dense1")))
                .hasMessageContaining("unknown layer 'batchnorm'").hasMessageContaining("convN, pool, gap, dropN or denseN");
        assertRefused(withLayers(convBytes, "conv4", "pool", "drop100", "dense3", "dense1"), Reason.BAD_ARCHITECTURE);
        assertRefused(withLayers(convBytes, "conv4", "pool", "dense3", "gap", "dense1"), Reason.BAD_ARCHITECTURE);
    }

    @Test
    void shouldRefuseBatchNormalisedLayersWhichAModelStoresFolded() {
        // same shapes as conv4/dense3, so only the token is wrong
        assertRefused(withLayers(convBytes, "convbn4", "pool", "dense3", "dense1"), Reason.BAD_ARCHITECTURE);
        assertThatThrownBy(() -> ModelCodec.decode(withLayers(convBytes, "conv4", "pool", "densebn3", "dense1")))
                .hasMessageContaining("densebn3 is a training-time layer").hasMessageContaining("folded");
    }

    @Test
    void shouldRefuseTooManyLayersOrHugeActivationsAsNetworkTooLarge() {
        String[] deep = new String[ModelValidator.MAX_LAYERS + 1];
        Arrays.fill(deep, "dense2");
        deep[deep.length - 1] = "dense1";
        // 8·8·300000 activations (and parameters that are not even there): refused before anything is derived from them
        assertRefused(withLayers(convBytes, deep), Reason.NETWORK_TOO_LARGE);
        assertRefused(withLayers(convBytes, "conv300000", "dense1"), Reason.NETWORK_TOO_LARGE);
        assertThatThrownBy(() -> ModelCodec.encode(TestModels.randomLayered(
                Architecture.parse("conv1,pool,pool,pool,dense1", new TensorShape(2400, 2400, 3)), 1)))
                .isInstanceOf(InvalidModelException.class)
                .extracting(e -> ((InvalidModelException) e).reason()).isEqualTo(Reason.NETWORK_TOO_LARGE);
    }

    @Test
    void shouldRefuseArraysThatDoNotFollowTheArchitectureAsDimsDoNotChain() {
        byte[] moreFilters = withLayers(convBytes, "conv5", "pool", "dense3", "dense1");

        assertRefused(moreFilters, Reason.DIMS_DO_NOT_CHAIN);
        assertThatThrownBy(() -> ModelCodec.decode(moreFilters)).hasMessageContaining("W1 has shape [4, 27]");
    }

    @Test
    void shouldRefuseDimsThatDisagreeWithTheArchitectureAsBadHeader() {
        assertRefused(TestModels.withHeader(standardisedBytes, h -> h.putArray("dims").add(48).add(7).add(4).add(1)),
                Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(convBytes, h -> h.putArray("dims").add(192).add(1)), Reason.BAD_HEADER);
        assertRefused(TestModels.withHeader(convBytes, h -> h.remove("architecture")), Reason.BAD_HEADER);
    }

    @Test
    void shouldRefuseANonFiniteConvolutionWeightAsNonFiniteParameter() {
        byte[] nan = TestModels.withRecomputedChecksum(TestModels.withParameter(convBytes, 27 + 5, Double.NaN));

        assertRefused(nan, Reason.NON_FINITE_PARAMETER);
        assertThatThrownBy(() -> ModelCodec.decode(nan)).hasMessageContaining("W1[1, 5] is NaN");
    }

    @Test
    void shouldCompareArtifactsBitForBitAndKeepTheDenseFactoryWorking() {
        List<double[]> arrays = TestModels.randomArrays(CONV, 5);
        arrays.get(4)[0] = Math.nextUp(arrays.get(4)[0]);
        ModelArtifact oneUlpApart = ModelArtifact.of(conv.name(), conv.input(), conv.training(), conv.extra(), CONV, arrays);
        ModelArtifact dense = ModelArtifact.of("d", InputContract.rgb(4), TestModels.trainingFacts(),
                TestModels.randomParameters(SMALL, 1));

        assertThat(oneUlpApart).isNotEqualTo(conv);
        assertThat(TestModels.randomLayered(CONV, 5)).isEqualTo(conv).hasSameHashCodeAs(conv);
        assertThat(dense.architecture()).isEqualTo(Architecture.dense(SMALL));
        assertThat(dense.arrays().get(2)).as("the arrays are the Parameters' own").isSameAs(dense.parameters().weights(2).data);
        assertThat(ModelArtifact.of("d", InputContract.rgb(4), TestModels.trainingFacts(), null, Architecture.dense(SMALL),
                dense.arrays())).isEqualTo(dense);
        assertThat(ModelArtifact.of("d", InputContract.rgb(4), TestModels.trainingFacts(), null,
                Architecture.parse("dense7,dense5,dense1", new TensorShape(4, 4, 3)), dense.arrays()))
                .as("a dense network's input shape is kept flat").isEqualTo(dense);
    }

    private static byte[] withInput(byte[] model, java.util.function.Consumer<ObjectNode> edit) {
        return TestModels.withHeader(model, h -> edit.accept((ObjectNode) h.get("input")));
    }

    private static byte[] withLayers(byte[] model, String... layers) {
        return TestModels.withHeader(model, h -> {
            ArrayNode a = ((ObjectNode) h.get("architecture")).putArray("layers");
            for (String l : layers) {
                a.add(l);
            }
        });
    }

    private static void assertRefused(byte[] bytes, Reason reason) {
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(InvalidModelException.class)
                .satisfies(e -> assertThat(((InvalidModelException) e).reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
