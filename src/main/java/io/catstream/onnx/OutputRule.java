package io.catstream.onnx;

/**
 * How the ONNX model's output becomes p(cat):
 * <ul>
 *   <li>{@code sigmoid}: the model ends in a sigmoid; its one output value per image is already p(cat), used as is
 *       (and refused when it is not in [0, 1]);</li>
 *   <li>{@code logit}: one value per image, a logit; p(cat) = 1 / (1 + e^(−x));</li>
 *   <li>{@code softmax:INDEX}: K ≥ 2 values per image, class scores (logits); p(cat) = softmax(x)[INDEX].</li>
 * </ul>
 * Applied in float64 to the model's float32 output.
 *
 * @param kind  the rule
 * @param index the cat class for {@code softmax}, 0 otherwise
 */
public record OutputRule(Kind kind, int index) {

    public enum Kind { SIGMOID, LOGIT, SOFTMAX }

    public OutputRule {
        if (kind == null) {
            throw new IllegalArgumentException("output rule kind is required");
        }
        if (kind == Kind.SOFTMAX ? index < 0 : index != 0) {
            throw new IllegalArgumentException("the cat class index must be ≥ 0 for softmax and absent otherwise, got " + index);
        }
    }

    public static final OutputRule SIGMOID = new OutputRule(Kind.SIGMOID, 0);
    public static final OutputRule LOGIT = new OutputRule(Kind.LOGIT, 0);

    /** {@code sigmoid}, {@code logit} or {@code softmax:INDEX}. */
    public static OutputRule parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("sigmoid")) {
            return SIGMOID;
        }
        if (t.equals("logit")) {
            return LOGIT;
        }
        if (t.startsWith("softmax:")) {
            try {
                return new OutputRule(Kind.SOFTMAX, Integer.parseInt(t.substring("softmax:".length())));
            } catch (IllegalArgumentException e) {
                // falls through to the one message below
            }
        }
        throw new IllegalArgumentException("output must be sigmoid (the model outputs p(cat)), logit (one logit) or "
                + "softmax:INDEX (class scores, INDEX = the cat class, e.g. softmax:1), got '" + text + "'");
    }

    /** Values per image the rule needs: exactly 1, or more than {@code index} (and at least 2) for softmax. */
    public boolean fits(long valuesPerImage) {
        return kind == Kind.SOFTMAX ? valuesPerImage >= 2 && valuesPerImage > index : valuesPerImage == 1;
    }

    /** p(cat) from one image's output values {@code out[offset .. offset + count)}. */
    public double probability(float[] out, int offset, int count) {
        switch (kind) {
            case SIGMOID:
                return out[offset];
            case LOGIT:
                return 1.0 / (1.0 + Math.exp(-(double) out[offset]));
            default:
                // softmax with the maximum subtracted: e^(x_i − max) never overflows
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < count; i++) {
                    max = Math.max(max, out[offset + i]);
                }
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += Math.exp(out[offset + i] - max);
                }
                return Math.exp(out[offset + index] - max) / sum;
        }
    }

    /** The command-line and model-file spelling. */
    public String token() {
        return kind == Kind.SOFTMAX ? "softmax:" + index : kind == Kind.SIGMOID ? "sigmoid" : "logit";
    }

    @Override
    public String toString() {
        return token();
    }
}
