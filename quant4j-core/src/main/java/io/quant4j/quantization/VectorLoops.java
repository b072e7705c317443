package io.quant4j.quantization;

import io.quant4j.errors.Quant4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Whether {@link FakeQuantKernel} runs its loops with the JDK's Vector API ({@link FakeQuantVector})
 * or as scalar Java code. The Vector API is the incubator module {@code jdk.incubator.vector} of
 * Java 17: a JVM has it only when started with {@code --add-modules jdk.incubator.vector} (the
 * {@code ./quant4j} launcher, the benches and the tests do; the JVM then prints one line, "WARNING:
 * Using incubator modules"). Both paths give the same results bit for bit; on resnet_fmnist's QAT
 * step (batch 128, 2 threads, AMD EPYC) the vector loops take about 5 ms (4 %) off the step.
 *
 * <p>Set by the system property {@value #PROPERTY} or the environment variable {@value #ENV}:
 * {@code auto} (the default: vector loops when the module is there and passes a bit-exactness check
 * against the scalar loops at first use), {@code on} (required: an error names the missing flag),
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
    private static volatile String why = "not decided yet (decided at the first fake quantization)";

    private VectorLoops() {}

    /**
     * Whether fake quantization uses the vector loops, decided once per JVM.
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
                    why = e ? "Vector API loops, " + FakeQuantVector.lanes() + " floats per vector"
                            : "scalar loops: " + (problem == null ? PROPERTY + " (or " + ENV + ") is off" : problem);
                    enabled = e;
                }
            }
        }
        return e;
    }

    /**
     * Makes fake quantization on this thread (and threads it starts) use the vector loops or not
     * until the handle closes; for tests that compare the two. Vector loops need {@link #usable()}.
     */
    static Use use(boolean vector) {
        if (vector && !usable()) {
            throw new IllegalStateException("vector loops requested but " + availability());
        }
        Boolean before = OVERRIDE.get();
        OVERRIDE.set(vector);
        return () -> OVERRIDE.set(before);
    }

    /** A {@link #use} in effect; closing it restores the choice before it. */
    interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether the vector loops can run in this JVM (the module is loaded and they pass the bit-exactness check). */
    static boolean usable() {
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

    /** Null when the module is loaded and the vector loops match the scalar ones on awkward values, else why not. */
    private static String availability() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "the module " + MODULE + " is not loaded (no --add-modules " + MODULE + ")";
        }
        try {
            return selfCheck();
        } catch (LinkageError e) {
            return "this JDK's " + MODULE + " differs from Java 17's (" + e + ")";
        }
    }

    /** Runs both loops on ties, signed zeros, NaN, infinities and the clip bounds; null when equal bit for bit. */
    private static String selfCheck() {
        float amax = 2.5f;
        float step = amax / 127f;
        float[] x = new float[203];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 7) {
                case 0 -> (i - 100 + 0.5f) * step;
                case 1 -> -0f;
                case 2 -> i % 2 == 0 ? amax : -amax;
                case 3 -> i % 3 == 0 ? Float.NaN : (i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
                case 4 -> -step * 0.3f;
                default -> (i - 100) * 0.037f;
            };
        }
        ByteBuffer in = ByteBuffer.allocate(4 * x.length).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocate(4 * x.length).order(ByteOrder.nativeOrder());
        in.asFloatBuffer().put(x);
        QuantGrid g = QuantGrid.INT8;
        float scale = g.scale(amax);
        float divisor = g.divisor(amax);
        FakeQuantVector.quantize(in, out, 0, x.length, scale, divisor, g.minBound(), g.maxBound());
        for (int i = 0; i < x.length; i++) {
            float expected = FakeQuantKernel.rint(Math.min(Math.max(x[i] * scale, g.minBound()), g.maxBound())) / divisor;
            if (Float.floatToRawIntBits(out.getFloat(4 * i)) != Float.floatToRawIntBits(expected)) {
                return "the vector loops gave " + out.getFloat(4 * i) + " for " + x[i] + " where the scalar ones give " + expected;
            }
        }
        for (int from = 0; from < 40; from += 3) {
            for (int to = from; to <= x.length; to += 11) {
                boolean expected = false;
                for (int i = from; i < to; i++) {
                    expected |= !(Math.abs(x[i]) <= amax);
                }
                if (FakeQuantVector.exceeds(in, from, to, amax) != expected) {
                    return "the vector loops' clip test disagrees with the scalar one on elements " + from + " to " + to;
                }
            }
        }
        return null;
    }
}
