package io.catstream.bench;

import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayerSpec;
import io.catstream.nn.layered.TensorShape;
import java.util.List;

/**
 * The baseline of {@link CnnBenchmark}'s scoring: a layered network's forward pass written the obvious way, one
 * nested loop per layer (direct convolution, no im2col, no GEMM kernel), on the same parameter arrays.
 */
final class DirectConvolutionForward {

    private DirectConvolutionForward() {
    }

    static double probability(Architecture architecture, List<double[]> parameters, double[] example) {
        double[] a = example;
        TensorShape shape = architecture.input();
        int k = 0;
        for (LayerSpec layer : architecture.layers()) {
            TensorShape out = layer.outputShape(shape);
            if (layer instanceof LayerSpec.Conv) {
                a = convolve(a, shape, out.channels(), parameters.get(2 * k), parameters.get(2 * k + 1));
                k++;
            } else if (layer instanceof LayerSpec.Dense dense) {
                a = dense(a, dense.units(), parameters.get(2 * k), parameters.get(2 * k + 1));
                k++;
            } else {
                a = pool(a, shape, out);
            }
            shape = out;
        }
        return 1 / (1 + Math.exp(-a[0]));
    }

    private static double[] convolve(double[] in, TensorShape s, int filters, double[] w, double[] b) {
        int h = s.height();
        int wd = s.width();
        int c = s.channels();
        double[] out = new double[h * wd * filters];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < wd; x++) {
                for (int f = 0; f < filters; f++) {
                    double z = b[f];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = y + ky - 1;
                            int ix = x + kx - 1;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                continue;
                            }
                            for (int ch = 0; ch < c; ch++) {
                                z += w[f * 9 * c + (ky * 3 + kx) * c + ch] * in[(iy * wd + ix) * c + ch];
                            }
                        }
                    }
                    out[(y * wd + x) * filters + f] = Math.max(0, z);
                }
            }
        }
        return out;
    }

    private static double[] pool(double[] in, TensorShape s, TensorShape o) {
        int c = s.channels();
        double[] out = new double[Math.toIntExact(o.size())];
        for (int y = 0; y < o.height(); y++) {
            for (int x = 0; x < o.width(); x++) {
                for (int ch = 0; ch < c; ch++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            m = Math.max(m, in[((2 * y + dy) * s.width() + 2 * x + dx) * c + ch]);
                        }
                    }
                    out[(y * o.width() + x) * c + ch] = m;
                }
            }
        }
        return out;
    }

    private static double[] dense(double[] in, int units, double[] w, double[] b) {
        double[] out = new double[units];
        boolean last = units == 1;
        for (int j = 0; j < units; j++) {
            double z = b[j];
            for (int i = 0; i < in.length; i++) {
                z += w[j * in.length + i] * in[i];
            }
            out[j] = last ? z : Math.max(0, z);
        }
        return out;
    }
}
