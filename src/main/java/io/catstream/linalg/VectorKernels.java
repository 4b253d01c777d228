package io.catstream.linalg;

import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses between a kernel written on the JDK 17 incubating Vector API and its scalar twin. The vector class is
 * loaded by name, so the class that asks never links against {@code jdk.incubator.vector}: without
 * {@code --add-modules jdk.incubator.vector} the program still runs, slower, and says so once in the log.
 */
public final class VectorKernels {

    private static final String MODULE = "jdk.incubator.vector";

    private VectorKernels() {
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer (java started with {@code --add-modules} of it). */
    public static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * A new {@code vectorClass} (a {@code type}, built by its constructor taking {@code args}) when the module is
     * present, else {@code scalar.get()} with one WARN line on {@code type}'s logger ending in {@code fallback} (what
     * runs instead and how much slower, e.g. "scoring uses the scalar matrix-vector kernel, about twice as slow").
     */
    public static <T> T fastestAvailable(Class<T> type, String vectorClass, Supplier<? extends T> scalar,
                                         String fallback, Object... args) {
        Logger log = LoggerFactory.getLogger(type);
        if (!available()) {
            log.warn("module {} is not available: {}; start java with --add-modules {}", MODULE, fallback, MODULE);
            return scalar.get();
        }
        try {
            Class<? extends T> kernel = Class.forName(vectorClass).asSubclass(type);
            for (Constructor<?> constructor : kernel.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == args.length) {
                    // The kernels are package-private classes of the asking package.
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(args));
                }
            }
            throw new NoSuchMethodException(vectorClass + " has no constructor taking " + args.length + " arguments");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.warn("the Vector API kernel {} failed to load ({}): {}", vectorClass, e.toString(), fallback);
            return scalar.get();
        }
    }
}
