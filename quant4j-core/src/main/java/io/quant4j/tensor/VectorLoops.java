package io.quant4j.tensor;

import io.quant4j.errors.Quant4jException;
import java.util.Locale;

/**
 * Whether the Java kernels on native memory (fake quantization's {@code FakeQuantKernel}, the
 * straight-through masking of {@link StraightThrough}) run their loops with the JDK's Vector API
 * or as scalar Java code. The Vector API is the incubator module {@code jdk.incubator.vector} of
 * Java 17: a JVM has it only when started with {@code --add-modules jdk.incubator.vector} (the
 * {@code ./quant4j} launcher, the benches and the tests do; the JVM then prints one line, "WARNING:
 * Using incubator modules"). Both paths give the same results bit for bit; on resnet_fmnist (batch
 * 128, 2 threads, AMD EPYC) the vector loops took the QAT step from 1.17-1.23 times the FP32 step
 * to 1.12-1.18 (six interleaved pairs, docs/performance.md).
 *
 * <p>Set by the system property {@value #PROPERTY} or the environment variable {@value #ENV}:
 * {@code auto} (the default: vector loops when the module is there and its loops run and agree with scalar ones
 * on a small input at first use), {@code on} (required: an error names the missing flag),
 * {@code off} (scalar loops, for comparisons).
 */
public final class VectorLoops {
    /** System property: auto, on or off. */
    public static final String PROPERTY = "quant4j.vector";
    /** Environment variable: auto, on or off (the property wins). */
    public static final String ENV = "QUANT4J_VECTOR";
    /** The module that holds the Vector API. */
    public static final String MODULE = "jdk.incubator.vector";

    private static final InheritableThreadLocal<Boolean> OVERRIDE = new InheritableThreadLocal<>();
    private static volatile Boolean enabled;
    private static volatile String why = "not decided yet (decided at the first kernel call)";

    private VectorLoops() {}

    /**
     * Whether the kernels use the vector loops, decided once per JVM (at the first call).
     *
     * @throws Quant4jException when the setting is not auto, on or off, or is on without the module
     */
    public static boolean enabled() {
        Boolean o = OVERRIDE.get();
        if (o != null) {
            return o;
        }
        Boolean e = enabled;
        if (e == null) {
            synchronized (VectorLoops.class) {
                e = enabled;
                if (e == null) {
                    String problem = availability();
                    e = configured(System.getProperty(PROPERTY), System.getenv(ENV), problem);
                    why = e ? "Vector API loops, " + MaskVector.lanes() + " floats per vector"
                            : "scalar loops: " + (problem == null ? PROPERTY + " (or " + ENV + ") is off" : problem);
                    enabled = e;
                }
            }
        }
        return e;
    }

    /**
     * Makes the kernels called on this thread (and threads it starts) use the vector loops or not
     * until the handle closes; for tests and benches that compare the two. Vector loops need
     * {@link #usable()}.
     *
     * @throws IllegalStateException when vector loops are asked for and cannot run here
     */
    public static Use use(boolean vector) {
        if (vector && !usable()) {
            throw new IllegalStateException("vector loops requested but " + availability());
        }
        Boolean before = OVERRIDE.get();
        OVERRIDE.set(vector);
        return () -> OVERRIDE.set(before);
    }

    /** A {@link #use} in effect; closing it restores the choice before it. */
    public interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether the vector loops can run in this JVM (the module is loaded and they pass the bit-exactness check). */
    public static boolean usable() {
        return availability() == null;
    }

    /** What {@link #enabled()} decided and why, for benches and diagnostics. */
    public static String describe() {
        enabled();
        return why;
    }

    /** The decision for a setting; {@code problem} is null when the vector loops are usable, else why not. */
    static boolean configured(String property, String env, String problem) {
        String v = property != null ? property : env;
        String source = property != null ? "system property " + PROPERTY : "environment variable " + ENV;
        String mode = v == null || v.isBlank() ? "auto" : v.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "auto":
                return problem == null;
            case "off":
                return false;
            case "on":
                if (problem != null) {
                    throw new Quant4jException("vector loops: " + source + " is on, but " + problem,
                            "Start the JVM with --add-modules " + MODULE + " (Java 17; the ./quant4j launcher does), or set "
                                    + PROPERTY + " to auto or off.");
                }
                return true;
            default:
                throw new Quant4jException("vector loops: expected auto, on or off, found \"" + v + "\" in the " + source,
                        "Set " + PROPERTY + " (or " + ENV + ") to auto, on or off, or leave it unset.");
        }
    }

    /** Null when the module is loaded and its loops run and agree with scalar ones, else why not. */
    private static String availability() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "the module " + MODULE + " is not loaded (no --add-modules " + MODULE + ")";
        }
        try {
            return MaskVector.selfCheck();
        } catch (LinkageError e) {
            return "this JDK's " + MODULE + " differs from Java 17's (" + e + ")";
        }
    }
}
