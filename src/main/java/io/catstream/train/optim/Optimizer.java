package io.catstream.train.optim;

import java.util.List;

/**
 * An update rule: moves parameter arrays in place along their gradients. Stateful (momentum, Adam's moments),
 * so one instance serves one training run; the arrays must keep their order and sizes between calls.
 */
public interface Optimizer {

    /** One step: {@code parameters[i] -= f(gradients[i])} with this step's learning rate. */
    void update(List<double[]> parameters, List<double[]> gradients, double learningRate);

    /** The name {@code --optimizer} takes. */
    String name();

    /** The optimisers {@code --optimizer} offers. */
    enum Kind {
        SGD, ADAM;

        /** @param momentum SGD's momentum (0 for plain gradient descent); Adam ignores it */
        public Optimizer create(double momentum) {
            return this == SGD ? new Sgd(momentum) : new Adam();
        }

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
