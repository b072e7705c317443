package io.quant4j.tensor;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Straight-through estimators computed outside PyTorch's graph: an op {@code y = f(x)} written by
 * a Java kernel whose gradient is {@code dL/dx = mask ? dL/dy : 0}.
 *
 * <p>{@link #cut} makes {@code y} a leaf that requires grad and registers the cut with the
 * innermost {@link Autograd.Recording}. {@link Autograd.Recording#backward} first back-propagates
 * from its target as usual, which leaves {@code dL/dy} in each reached leaf's grad; then, in the
 * reverse order of the cuts, it masks that gradient in place and back-propagates it from
 * {@code x}. Every gradient that reaches a cut comes from operations recorded after it, so each
 * cut's gradient is complete when its turn comes, on any graph (residual branches included).
 *
 * <p>Cost: nothing in the forward pass beyond the kernel (no graph op, no copy), one in-place pass
 * over the gradient backward. PyTorch's own way, {@code where(mask, x, 0)} overwritten by the
 * kernel, reads and writes the tensor once more forward and allocates a gradient backward.
 *
 * <p>As with PyTorch's graphs, call backward once per forward pass (sum the losses first): a cut
 * is joined to its input once, by the first backward whose gradient reaches it. Several passes may
 * run through the same ops (a tensor read by two cuts, or by a cut and by later ops), so while
 * cuts are pending the graph is retained ({@code retain_graph}); it is freed with its arrays.
 */
public final class StraightThrough {
    private static final int CHUNK = 1 << 13;
    private static final int PARALLEL_MIN = 1 << 16;
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[CHUNK]);
    private static final ThreadLocal<byte[]> BYTES = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    /** One cut: {@code output = f(input)} outside the graph, gradient masked by {@code mask} on {@code spans}. */
    record Cut(Tensor input, Tensor output, Tensor mask, Spans spans) {}

    /**
     * Where a mask may hold zeros: element ranges {@code [from[i], from[i] + length[i])}; the mask
     * is 1 (and need not be written) everywhere else.
     */
    public record Spans(int[] from, int[] length) {
        /** No zero anywhere: the gradient passes unchanged. */
        public static final Spans NONE = new Spans(new int[0], new int[0]);

        public Spans {
            if (from.length != length.length) {
                throw new IllegalArgumentException("expected as many lengths as starts, found " + from.length
                        + " starts and " + length.length + " lengths");
            }
        }

        /** The whole of an {@code n}-element mask. */
        public static Spans all(long n) {
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a mask of " + n + " elements is too large for one buffer");
            }
            return n == 0 ? NONE : new Spans(new int[] {0}, new int[] {(int) n});
        }
    }

    private StraightThrough() {}

    /**
     * Whether {@link #cut} may be used here: grad mode is on inside an {@link Autograd#record()}
     * block of this thread (outside one, nothing would join the cut to its input).
     */
    public static boolean available() {
        return Autograd.Recording.innermost() != null && JniOps.gradMode();
    }

    /**
     * Whether a gradient may have to flow into {@code x}: false only for data (see
     * {@link Tensor#isData()}) that does not require grad, such as a model's input batch. Cutting
     * such an input would cost a refused backward (2.5 ms, PyTorch formats a stack trace).
     */
    public static boolean needsGradient(Tensor x) {
        return !x.isData() || JniOps.requiresGrad(x.ndArray());
    }

    /**
     * Registers {@code output} (dense float32, written outside the graph) as {@code f(input)} with
     * the straight-through gradient {@code mask ? grad : 0}; {@code mask} is a boolean tensor of
     * the same shape, dense in the output's {@link MemoryFormat}, read at backward time within
     * {@code spans} only (indices in memory order; it is 1 elsewhere).
     *
     * @throws IllegalStateException when {@link #available()} is false
     */
    public static void cut(Tensor input, Tensor output, Tensor mask, Spans spans) {
        Autograd.Recording rec = Autograd.Recording.innermost();
        if (rec == null || !JniOps.gradMode()) {
            throw new IllegalStateException("a straight-through cut needs an open Autograd.record() block with grad mode on;"
                    + " check StraightThrough.available() first");
        }
        if (output.size() != input.size() || mask.size() != input.size() || mask.dataType() != DataType.BOOLEAN) {
            throw new IllegalArgumentException("expected an output and a boolean mask of " + input.size()
                    + " elements, found " + output.size() + " and " + mask.dataType() + " " + mask.size());
        }
        output.ndArray().setRequiresGradient(true);
        rec.add(new Cut(input, output, mask, spans));
    }

    /** Joins the cuts that a gradient reached, last first; the others stay pending. */
    static void join(List<Cut> cuts) {
        for (int i = cuts.size() - 1; i >= 0; i--) {
            Cut c = cuts.get(i);
            NDArray g = JniOps.grad(c.output().ndArray());
            if (g == null) {
                continue;
            }
            cuts.remove(i);
            try {
                Tensor gt = Tensor.of(g);
                if (c.spans().from().length == 0) {
                    backward(c.input(), g);
                } else if (g.getDataType() == DataType.FLOAT32 && sameFormat(gt, c.mask())) {
                    mask(NativeMemory.memoryFloatBytes(gt), NativeMemory.memoryBooleans(c.mask()), c.spans());
                    backward(c.input(), g);
                } else {
                    fillOutsideSpans(c);
                    try (NDArray zero = g.getManager().create(0f);
                         NDArray masked = ai.djl.ndarray.NDArrays.where(c.mask().ndArray(), g, zero.broadcast(g.getShape()))) {
                        backward(c.input(), masked);
                    }
                }
            } finally {
                g.close();
            }
        }
    }

    /** Whether both are dense in one {@link MemoryFormat}, so that their memory orders match element for element. */
    private static boolean sameFormat(Tensor g, Tensor mask) {
        MemoryFormat f = MemoryFormat.of(g);
        return f != null && f == MemoryFormat.of(mask);
    }

    /**
     * Back-propagates {@code g} from {@code input}; nothing when the input is outside the graph (a
     * model input, data). DJL reports {@code requires_grad} only for leaves and has no safe probe
     * for a grad_fn, so an input that is not a grad-requiring leaf is tried, and PyTorch's refusal
     * "does not require grad and does not have a grad_fn" means: no gradient to pass on.
     */
    private static void backward(Tensor input, NDArray g) {
        // retain the graph: another cut's input may share this one's history (two quantizers of one
        // tensor); the saved tensors go when the step's scope closes the arrays holding the graph
        if (JniOps.requiresGrad(input.ndArray())) {
            JniOps.backward(input.ndArray(), g, true);
            return;
        }
        try {
            JniOps.backward(input.ndArray(), g, true);
        } catch (EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("does not require grad and does not have a grad_fn")) {
                throw e;
            }
        }
    }

    /**
     * {@code g[i] = m[i] != 0 ? g[i] : 0} in place within the spans, as {@code where(m, g, 0)}
     * ({@link MaskVector}'s loops when {@link VectorLoops#enabled()}).
     */
    private static void mask(ByteBuffer g, ByteBuffer m, Spans spans) {
        int[] from = spans.from();
        int[] length = spans.length();
        long total = 0;
        for (int len : length) {
            total += len;
        }
        boolean vector = VectorLoops.enabled();
        FloatBuffer gf = vector ? null : g.asFloatBuffer();
        IntStream range = IntStream.range(0, from.length);
        (total >= PARALLEL_MIN ? range.parallel() : range).forEach(s -> {
            if (vector) {
                MaskVector.mask(g, m, from[s], from[s] + length[s]);
                return;
            }
            float[] gs = FLOATS.get();
            byte[] ms = BYTES.get();
            for (int off = 0; off < length[s]; off += CHUNK) {
                int at = from[s] + off;
                int len = Math.min(CHUNK, length[s] - off);
                gf.get(at, gs, 0, len);
                m.get(at, ms, 0, len);
                for (int i = 0; i < len; i++) {
                    gs[i] = ms[i] != 0 ? gs[i] : 0f;
                }
                gf.put(at, gs, 0, len);
            }
        });
    }

    /** Writes 1 into the mask outside the cut's spans, so that PyTorch's where can read all of it. */
    private static void fillOutsideSpans(Cut c) {
        ByteBuffer m = NativeMemory.memoryBooleans(c.mask());
        int pos = 0;
        int[] from = c.spans().from();
        int[] length = c.spans().length();
        for (int s = 0; s <= from.length; s++) {
            int end = s < from.length ? from[s] : m.limit();
            for (int i = pos; i < end; i++) {
                m.put(i, (byte) 1);
            }
            if (s < from.length) {
                pos = from[s] + length[s];
            }
        }
    }
}
