package io.catstream.nn.layered;

/**
 * The article's cost {@code -(y·log p + (1-y)·log(1-p))} with {@code p = sigmoid(z)}, written in terms of the
 * logit z so that it never takes the log of 0: {@code max(z, 0) - z·y + log(1 + exp(-|z|))}. Its derivative
 * with respect to z is {@code p - y}.
 */
final class BinaryCrossEntropy {

    private BinaryCrossEntropy() {
    }

    static double cost(double logit, double label) {
        return Math.max(logit, 0.0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));
    }

    static double logitGradient(double logit, double label) {
        return sigmoid(logit) - label;
    }

    /** {@code 1 / (1 + exp(-z))}, evaluated on the side where exp cannot overflow. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
