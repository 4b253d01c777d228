package io.catstream.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorKernelsTest {

    interface Kernel {
        String name();
    }

    record Scalar() implements Kernel {
        @Override
        public String name() {
            return "scalar";
        }
    }

    /** Stands in for a vector kernel: package-private with a non-public constructor, as the real kernels are. */
    static final class Fast implements Kernel {
        private final int width;

        private Fast(int width) {
            this.width = width;
        }

        @Override
        public String name() {
            return "fast" + width;
        }
    }

    @Test
    void shouldBuildTheNamedKernelWithItsArgumentsWhenTheModuleIsPresent() {
        // The build starts every test JVM with --add-modules jdk.incubator.vector (pom.xml argLine).
        assertThat(VectorKernels.available()).isTrue();

        Kernel kernel = VectorKernels.fastestAvailable(Kernel.class, Fast.class.getName(), Scalar::new, "slower", 16);

        assertThat(kernel.name()).isEqualTo("fast16");
    }

    @Test
    void shouldFallBackToTheScalarKernelWhenTheVectorClassCannotBeLoaded() {
        Kernel missing = VectorKernels.fastestAvailable(Kernel.class, "io.catstream.linalg.NoSuchKernel", Scalar::new, "slower");
        Kernel notAKernel = VectorKernels.fastestAvailable(Kernel.class, String.class.getName(), Scalar::new, "slower");
        Kernel wrongArity = VectorKernels.fastestAvailable(Kernel.class, Fast.class.getName(), Scalar::new, "slower");

        assertThat(missing.name()).isEqualTo("scalar");
        assertThat(notAKernel.name()).isEqualTo("scalar");
        assertThat(wrongArity.name()).isEqualTo("scalar");
    }
}
