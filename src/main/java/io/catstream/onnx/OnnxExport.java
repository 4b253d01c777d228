package io.catstream.onnx;

import io.catstream.image.Standardisation;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayerSpec;
import java.util.List;

/**
 * A catstream network as a standard ONNX graph (opset 13, float32), for ONNX Runtime and other tools:
 * <pre>
 *   image [batch, 3, S, S] (NCHW, RGB in [0, 1]: the 8-bit values / 255)
 *     → Sub(mean), Div(std)                      the model's standardisation, when it has one
 *     → per layer: Conv 3×3 pad 1 + Relu | MaxPool 2×2 stride 2 | GlobalAveragePool | (dropout: nothing)
 *     → before the first dense layer: Transpose to NHWC, Flatten (catstream flattens in H, W, C order)
 *     → Gemm (transB) + Relu, the last one Gemm + Sigmoid
 *   p_cat [batch, 1]
 * </pre>
 * A convolution's weights go from catstream's {@code filters × (ky, kx, channel)} rows to ONNX's
 * {@code [filters, channel, ky, kx]}; batch normalisation is already folded into the weights of a model file. The
 * graph takes the same input as {@code import-onnx --layout nchw --scale 255} (no --mean/--std: they are inside)
 * and its output is a probability ({@code --output sigmoid}).
 */
public final class OnnxExport {

    public static final String INPUT = "image";
    public static final String OUTPUT = "p_cat";
    private static final int CHANNELS = 3;

    private OnnxExport() {
    }

    /**
     * @param architecture    a network without batch normalisation layers (a model file's, folded)
     * @param arrays          its parameter arrays in {@link Architecture#parameters()} order
     * @param imageSize       S of the model's input contract
     * @param standardisation the contract's standardisation, per channel or per feature (H·W·C order), or null
     */
    public static byte[] of(Architecture architecture, List<double[]> arrays, int imageSize, Standardisation standardisation,
                            String producerVersion) {
        if (architecture.isNormalised()) {
            throw new IllegalArgumentException(architecture + " has batch normalisation layers: fold them first");
        }
        OnnxGraphWriter g = new OnnxGraphWriter().input(INPUT, -1, CHANNELS, imageSize, imageSize);
        String x = INPUT;
        if (standardisation != null) {
            g.initializer("mean", standardisationDims(standardisation, imageSize), chw(standardisation.mean(), imageSize));
            g.initializer("std", standardisationDims(standardisation, imageSize), chw(standardisation.std(), imageSize));
            g.node("Sub", List.of(x, "mean"), "centred").node("Div", List.of("centred", "std"), "standardised");
            x = "standardised";
        }
        int channels = CHANNELS;
        boolean spatial = true;
        int k = 0;
        List<LayerSpec> layers = architecture.layers();
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec layer = layers.get(l);
            String out = "t" + (l + 1);
            if (layer instanceof LayerSpec.Conv conv) {
                k++;
                g.initializer("W" + k, new long[] {conv.filters(), channels, 3, 3}, convolutionWeights(arrays.get(2 * k - 2), conv.filters(), channels));
                g.initializer("b" + k, new long[] {conv.filters()}, floats(arrays.get(2 * k - 1)));
                g.node("Conv", List.of(x, "W" + k, "b" + k), out + "_conv", OnnxGraphWriter.Attribute.ints("kernel_shape", 3, 3),
                        OnnxGraphWriter.Attribute.ints("pads", 1, 1, 1, 1), OnnxGraphWriter.Attribute.ints("strides", 1, 1));
                g.node("Relu", List.of(out + "_conv"), out);
                channels = conv.filters();
            } else if (layer instanceof LayerSpec.MaxPool) {
                g.node("MaxPool", List.of(x), out, OnnxGraphWriter.Attribute.ints("kernel_shape", 2, 2),
                        OnnxGraphWriter.Attribute.ints("strides", 2, 2));
            } else if (layer instanceof LayerSpec.GlobalAveragePool) {
                g.node("GlobalAveragePool", List.of(x), out);
            } else if (layer instanceof LayerSpec.Dropout) {
                continue; // nothing when scoring
            } else if (layer instanceof LayerSpec.Dense dense) {
                if (spatial) {
                    g.node("Transpose", List.of(x), out + "_nhwc", OnnxGraphWriter.Attribute.ints("perm", 0, 2, 3, 1));
                    g.node("Flatten", List.of(out + "_nhwc"), out + "_flat", OnnxGraphWriter.Attribute.of("axis", 1));
                    x = out + "_flat";
                    spatial = false;
                }
                k++;
                double[] w = arrays.get(2 * k - 2);
                g.initializer("W" + k, new long[] {dense.units(), w.length / dense.units()}, floats(w));
                g.initializer("b" + k, new long[] {dense.units()}, floats(arrays.get(2 * k - 1)));
                boolean last = l == layers.size() - 1;
                g.node("Gemm", List.of(x, "W" + k, "b" + k), out + "_linear", OnnxGraphWriter.Attribute.of("transB", 1));
                g.node(last ? "Sigmoid" : "Relu", List.of(out + "_linear"), last ? OUTPUT : out);
                out = last ? OUTPUT : out;
            } else {
                throw new IllegalArgumentException("no ONNX export for layer " + layer.token());
            }
            x = out;
        }
        if (!OUTPUT.equals(x)) {
            throw new IllegalArgumentException(architecture + " does not end in a dense layer with a sigmoid");
        }
        return g.output(OUTPUT, -1, 1).toBytes("catstream", producerVersion);
    }

    /** {@code [1, 3, 1, 1]} per channel, {@code [1, 3, S, S]} per feature. */
    private static long[] standardisationDims(Standardisation s, int imageSize) {
        return s.mean().length == CHANNELS ? new long[] {1, CHANNELS, 1, 1} : new long[] {1, CHANNELS, imageSize, imageSize};
    }

    /** Per-channel values as they are; per-feature values from H·W·C to C·H·W order. */
    private static float[] chw(double[] values, int imageSize) {
        if (values.length == CHANNELS) {
            return floats(values);
        }
        float[] out = new float[values.length];
        int pixels = imageSize * imageSize;
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                out[c * pixels + p] = (float) values[p * CHANNELS + c];
            }
        }
        return out;
    }

    /** {@code W[f][(ky·3 + kx)·C + c]} (catstream) → {@code [f][c][ky][kx]} (ONNX). */
    private static float[] convolutionWeights(double[] w, int filters, int channels) {
        float[] out = new float[w.length];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        out[((f * channels + c) * 3 + ky) * 3 + kx] = (float) w[f * 9 * channels + (ky * 3 + kx) * channels + c];
                    }
                }
            }
        }
        return out;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
