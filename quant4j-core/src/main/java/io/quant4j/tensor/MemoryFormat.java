package io.quant4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quant4j.errors.Quant4jException;
import java.util.Locale;

/**
 * How a 4-D activation {@code N x C x H x W} lies in memory. The shape and the values are the same
 * in both formats; only the order of the elements in memory differs:
 * <pre>
 *   CONTIGUOUS     offset(n, c, h, w) = ((n * C + c) * H + h) * W + w      (row-major, PyTorch's default)
 *   CHANNELS_LAST  offset(n, c, h, w) = ((n * H + h) * W + w) * C + c      (PyTorch's channels_last)
 * </pre>
 * Convolutions lay their results out in the {@linkplain #forConvolutions() configured} format,
 * channels-last unless set otherwise: oneDNN, which runs libtorch's CPU convolutions, computes them
 * without reordering its input then, and batch norm, ReLU, additions and pooling keep the format of
 * their input, so a network converts once, after its first convolution, and not at all when its
 * input has one channel (a grey image, viewed with channels-last strides). On resnet_fmnist (batch 128,
 * 2 threads, AMD EPYC) the FP32 training step takes 14-28 % less time than in the contiguous format
 * (three pairs of runs; docs/performance.md).
 *
 * <p>Set by the system property {@value #PROPERTY} or the environment variable {@value #ENV}
 * ({@code channels_last} or {@code contiguous}); {@link #use} overrides it on one thread.
 * Results agree between the formats up to the float rounding of a different summation order.
 */
public enum MemoryFormat {
    /** Row-major {@code N x C x H x W}. */
    CONTIGUOUS,
    /** {@code N x H x W x C} in memory: the channels of one pixel side by side. */
    CHANNELS_LAST;

    /** System property naming the convolutions' format. */
    public static final String PROPERTY = "quant4j.memory_format";
    /** Environment variable naming the convolutions' format (the property wins). */
    public static final String ENV = "QUANT4J_MEMORY_FORMAT";

    private static final ThreadLocal<MemoryFormat> OVERRIDE = new ThreadLocal<>();
    private static volatile MemoryFormat configured;

    /**
     * The format convolutions lay their results out in, on this thread.
     *
     * @throws Quant4jException when the setting names no format (the first convolution says so)
     */
    public static MemoryFormat forConvolutions() {
        MemoryFormat f = OVERRIDE.get();
        if (f != null) {
            return f;
        }
        MemoryFormat c = configured;
        if (c == null) {
            c = configured(System.getProperty(PROPERTY), System.getenv(ENV));
            configured = c;
        }
        return c;
    }

    /** Makes convolutions on this thread use {@code format} until the returned handle closes. */
    public static Use use(MemoryFormat format) {
        MemoryFormat before = OVERRIDE.get();
        OVERRIDE.set(format);
        return () -> OVERRIDE.set(before);
    }

    /** A {@link #use} in effect; closing it restores the format before it. */
    public interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The format {@code t} is dense in: {@link #CONTIGUOUS} when row-major contiguous (checked
     * first: a tensor with one channel or one pixel is both), {@link #CHANNELS_LAST} when a 4-D
     * tensor lies as {@code N x H x W x C}, else null (a strided view: copy it first).
     */
    public static MemoryFormat of(Tensor t) {
        NDArray x = t.ndArray();
        if (JniOps.isContiguous(x)) {
            return CONTIGUOUS;
        }
        return JniOps.isChannelsLast(x) ? CHANNELS_LAST : null;
    }

    /**
     * {@code t} itself when already in this format (or not 4-D: the formats differ only there),
     * else a copy in it (a view when it has one channel), in the current scope; the copy is
     * recorded by autograd (the gradient passes unchanged) and invisible to tracing (the values are
     * the same).
     */
    public Tensor arrange(Tensor t) {
        NDArray a = arrange(t.ndArray());
        if (a == t.ndArray()) {
            return t;
        }
        NDManager scope = Scope.creationManager();
        if (a.getManager() != scope) {
            a.attach(scope);
        }
        return Tensor.of(a);
    }

    /**
     * {@code x} itself when already in this format (or not 4-D), else a copy in it (a new array in
     * x's manager), or, for one channel in channels-last, a view with channels-last strides.
     */
    NDArray arrange(NDArray x) {
        if (this == CONTIGUOUS || x.getShape().dimension() != 4) {
            return x;
        }
        Shape s = x.getShape();
        if (s.get(1) == 1 && JniOps.isContiguous(x)) {
            // one channel: the same memory with channels-last strides, a view. libtorch counts the
            // row-major strides as contiguous only, so a network's first convolution would run
            // row-major and reorder its output (and, in backward, its output's gradient) otherwise.
            try (NDArray nhwc = x.reshape(s.get(0), s.get(2), s.get(3), 1)) {
                return JniOps.nchwView(nhwc);
            }
        }
        return JniOps.isChannelsLast(x) ? x : JniOps.channelsLast(x);
    }

    /** The format a setting names, or channels-last when neither the property nor the variable is set. */
    static MemoryFormat configured(String property, String env) {
        String v = property != null ? property : env;
        String source = property != null ? "system property " + PROPERTY : "environment variable " + ENV;
        if (v == null || v.isBlank()) {
            return CHANNELS_LAST;
        }
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Quant4jException("memory format: expected channels_last or contiguous, found \"" + v + "\" in the " + source,
                    "Set " + PROPERTY + " (or " + ENV + ") to channels_last or contiguous, or leave it unset.");
        }
    }
}
