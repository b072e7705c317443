package io.quant4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quant4j.errors.ShapeMismatchException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable handle on a PyTorch tensor (a DJL {@link NDArray}), with every operation quant4j's
 * models use. Shapes follow PyTorch: images are {@code N x C x H x W}, conv weights
 * {@code K x C/groups x R x S}, linear weights {@code out x in}.
 *
 * <p>Each result is attached to the innermost open {@link Scope} (else to its first operand's
 * manager) and, while a {@link Tracer} is active, recorded as one {@link TracedOp}. Gradients are
 * PyTorch's autograd (see {@link Autograd}).
 */
public final class Tensor {
    private static final AtomicLong IDS = new AtomicLong();

    private final NDArray nd;
    private final long id;
    /** Made from data by a factory: a leaf, outside any graph unless {@link #requiresGrad(boolean)} is set. */
    private final boolean data;

    private Tensor(NDArray nd) {
        this(nd, false);
    }

    private Tensor(NDArray nd, boolean data) {
        this.nd = nd;
        this.id = IDS.incrementAndGet();
        this.data = data;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps an existing array (no copy, no re-attachment). */
    public static Tensor of(NDArray nd) {
        return new Tensor(nd);
    }

    /**
     * Wraps an array freshly made from data (a leaf, e.g. a batch read from disk), so that
     * {@link #isData()} can tell that no gradient flows into it.
     */
    public static Tensor ofData(NDArray nd) {
        return new Tensor(nd, true);
    }

    /**
     * Whether this tensor was made from data by a factory ({@link #fromFloats}, {@link #zeros},
     * {@link #ofData}...): a leaf, which needs a gradient only if {@link #requiresGrad(boolean)}
     * was set. False for operation results and wrapped arrays (unknown).
     */
    public boolean isData() {
        return data;
    }

    /** A float32 tensor from data in row-major order, created in the current scope. */
    public static Tensor fromFloats(float[] data, long... shape) {
        checkSize(data.length, shape);
        return owned(Scope.creationManager().create(data, new Shape(shape)));
    }

    /** An int64 tensor (labels, indices), created in the current scope. */
    public static Tensor fromLongs(long[] data, long... shape) {
        checkSize(data.length, shape);
        return owned(Scope.creationManager().create(data, new Shape(shape)));
    }

    /** A float32 scalar (rank 0), created in the current scope. */
    public static Tensor scalar(float v) {
        return owned(Scope.creationManager().create(v));
    }

    /**
     * A tensor that owns its memory. DJL builds arrays from Java data over a direct buffer that
     * only the first handle keeps alive; a view of it (reshape, cast) that outlives that handle
     * would read freed memory. Cloning once makes PyTorch own the storage.
     */
    public static Tensor owned(NDArray fromJavaData) {
        return new Tensor(ownedCopy(fromJavaData), true);
    }

    /** A copy whose storage PyTorch owns; closes {@code fromJavaData} (see {@link #owned}). */
    private static NDArray ownedCopy(NDArray fromJavaData) {
        NDArray copy = fromJavaData.duplicate();
        fromJavaData.close();
        return copy;
    }

    /**
     * A float32 scalar in {@code manager} whose storage PyTorch owns, for ops that autograd saves
     * for backward (DJL's {@code op(Number)} overloads make theirs over a Java buffer freed with the
     * handle); the caller closes the handle, the graph keeps the storage.
     */
    static NDArray ownedScalar(NDManager manager, float v) {
        return ownedCopy(manager.create(v));
    }

    /** Zeros of the given shape (float32), created in the current scope. */
    public static Tensor zeros(long... shape) {
        return new Tensor(Scope.creationManager().zeros(new Shape(shape)), true);
    }

    /** Ones of the given shape (float32), created in the current scope. */
    public static Tensor ones(long... shape) {
        return new Tensor(Scope.creationManager().ones(new Shape(shape)), true);
    }

    /** Standard normal samples (PyTorch's generator, see {@link Engines#seed}). */
    public static Tensor randn(long... shape) {
        return new Tensor(Scope.creationManager().randomNormal(new Shape(shape)), true);
    }

    /** Uniform samples in {@code [low, high)}. */
    public static Tensor rand(float low, float high, long... shape) {
        return new Tensor(Scope.creationManager().randomUniform(low, high, new Shape(shape)), true);
    }

    private static void checkSize(int n, long[] shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != n) {
            throw new ShapeMismatchException(
                    "data of " + n + " elements cannot have shape " + Arrays.toString(shape),
                    "Give as many values as the product of the dimensions.");
        }
    }

    // ---------------------------------------------------------------- info

    /** The wrapped array. Arrays returned here must not be closed by the caller. */
    public NDArray ndArray() {
        return nd;
    }

    /** A process-unique id of this handle (used by the tracer). */
    public long id() {
        return id;
    }

    /** A new handle on the same array (new id, same data). */
    Tensor copyHandle() {
        return new Tensor(nd);
    }

    /** The dimensions. */
    public long[] shape() {
        return nd.getShape().getShape();
    }

    /** Size of dimension {@code i} (negative counts from the end). */
    public long dim(int i) {
        long[] s = shape();
        return s[i < 0 ? s.length + i : i];
    }

    /** Number of dimensions. */
    public int rank() {
        return nd.getShape().dimension();
    }

    /** Number of elements. */
    public long size() {
        return nd.getShape().size();
    }

    /** Element type. */
    public DataType dataType() {
        return nd.getDataType();
    }

    /** Copies the values to a float array (row-major). */
    public float[] toFloatArray() {
        return nd.getDataType() == DataType.FLOAT32 ? nd.toFloatArray() : nd.toType(DataType.FLOAT32, true).toFloatArray();
    }

    /** Copies the values to a long array (row-major). */
    public long[] toLongArray() {
        return nd.getDataType() == DataType.INT64 ? nd.toLongArray() : nd.toType(DataType.INT64, true).toLongArray();
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new ShapeMismatchException("item() needs one element", "one element", shape(), null);
        }
        return toFloatArray()[0];
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape()) + " " + nd.getDataType();
    }

    // ---------------------------------------------------------------- plumbing

    private static Tensor wrap(NDArray out) {
        NDManager scope = Scope.currentManager();
        if (scope != null && out.getManager() != scope) {
            out.attach(scope);
        }
        return new Tensor(out);
    }

    /** Wraps a result and records it for an active tracer (for the op helpers of this package). */
    static Tensor op(OpType type, NDArray out, Map<String, Object> attrs, Tensor... inputs) {
        Tensor t = wrap(out);
        Tracer tracer = Tracer.active();
        if (tracer != null) {
            tracer.record(type.onnxName(), Arrays.asList(inputs), t, attrs);
        }
        return t;
    }

    private Tensor constant(float v) {
        NDManager m = Scope.currentManager();
        return new Tensor((m != null ? m : nd.getManager()).create(v));
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) {
        return op(OpType.ADD, nd.add(o.nd), Map.of(), this, o);
    }

    public Tensor sub(Tensor o) {
        return op(OpType.SUB, nd.sub(o.nd), Map.of(), this, o);
    }

    public Tensor mul(Tensor o) {
        return op(OpType.MUL, nd.mul(o.nd), Map.of(), this, o);
    }

    public Tensor div(Tensor o) {
        return op(OpType.DIV, nd.div(o.nd), Map.of(), this, o);
    }

    public Tensor add(float v) {
        return scalarOp(OpType.ADD, v);
    }

    public Tensor sub(float v) {
        return scalarOp(OpType.SUB, v);
    }

    public Tensor mul(float v) {
        return scalarOp(OpType.MUL, v);
    }

    public Tensor div(float v) {
        return scalarOp(OpType.DIV, v);
    }

    private Tensor scalarOp(OpType type, float v) {
        if (Tracer.active() == null) {
            if ((type == OpType.MUL || type == OpType.DIV) && Autograd.isRecording()) {
                // mul and div save the scalar for backward; DJL's nd.mul(Number) makes it over a
                // Java buffer that is freed once its handle closes, and backward then read garbage
                try (NDArray c = ownedScalar(nd.getManager(), v)) {
                    return wrap(type == OpType.MUL ? nd.mul(c) : nd.div(c));
                }
            }
            NDArray out = switch (type) {
                case ADD -> nd.add(v);
                case SUB -> nd.sub(v);
                case MUL -> nd.mul(v);
                default -> nd.div(v);
            };
            return wrap(out);
        }
        Tensor c = constant(v);
        NDArray out = switch (type) {
            case ADD -> nd.add(c.nd);
            case SUB -> nd.sub(c.nd);
            case MUL -> nd.mul(c.nd);
            default -> nd.div(c.nd);
        };
        return op(type, out, Map.of(), this, c);
    }

    /** Elementwise maximum (PyTorch splits the gradient at ties). */
    public Tensor maximum(Tensor o) {
        return op(OpType.MAX, nd.maximum(o.nd), Map.of(), this, o);
    }

    /** Elementwise minimum (PyTorch splits the gradient at ties). */
    public Tensor minimum(Tensor o) {
        return op(OpType.MIN, nd.minimum(o.nd), Map.of(), this, o);
    }

    public Tensor neg() {
        return op(OpType.NEG, nd.neg(), Map.of(), this);
    }

    public Tensor abs() {
        return op(OpType.ABS, nd.abs(), Map.of(), this);
    }

    /** Round half to even (PyTorch's {@code round}); zero gradient. */
    public Tensor round() {
        return op(OpType.ROUND, nd.round(), Map.of(), this);
    }

    public Tensor sqrt() {
        return op(OpType.SQRT, nd.sqrt(), Map.of(), this);
    }

    public Tensor exp() {
        return op(OpType.EXP, nd.exp(), Map.of(), this);
    }

    public Tensor log() {
        return op(OpType.LOG, nd.log(), Map.of(), this);
    }

    public Tensor square() {
        return op(OpType.MUL, nd.square(), Map.of(), this, this);
    }

    /** {@code min(max(x, lo), hi)}; gradient 1 where {@code lo <= x <= hi}. */
    public Tensor clamp(float lo, float hi) {
        // clip() leaves its two scalar bounds in the input's manager: use it only where that
        // manager is the step's scope (or no scope is open); a parameter input goes through
        // maximum/minimum, whose temporaries DJL frees at once.
        NDManager scope = Scope.currentManager();
        NDArray out;
        if (scope == null || nd.getManager() == scope) {
            out = nd.clip(lo, hi);
        } else if (Autograd.isRecording()) {
            // maximum and minimum save their bounds for backward: bounds that own their memory
            NDManager own = nd.getManager();
            try (NDArray l = ownedScalar(own, lo); NDArray h = ownedScalar(own, hi); NDArray m = nd.maximum(l)) {
                out = m.minimum(h);
            }
        } else {
            out = nd.maximum(lo).minimum(hi);
        }
        return op(OpType.CLIP, out, Map.of("min", lo, "max", hi), this);
    }

    public Tensor relu() {
        return op(OpType.RELU, nd.getNDArrayInternal().relu(), Map.of(), this);
    }

    /** {@code min(max(x, 0), 6)}. */
    public Tensor relu6() {
        return Tracer.composite(OpType.CLIP, List.of(this), Map.of("min", 0f, "max", 6f), () -> clamp(0f, 6f));
    }

    /** {@code x * relu6(x + 3) / 6}. */
    public Tensor hardswish() {
        return Tracer.composite(OpType.HARD_SWISH, List.of(this), Map.of(), () -> mul(add(3f).relu6()).div(6f));
    }

    public Tensor sigmoid() {
        return op(OpType.SIGMOID, nd.getNDArrayInternal().sigmoid(), Map.of(), this);
    }

    /** {@code x * sigmoid(x)}. */
    public Tensor silu() {
        return Tracer.composite(OpType.SILU, List.of(this), Map.of(), () -> mul(sigmoid()));
    }

    public Tensor tanh() {
        return op(OpType.TANH, nd.getNDArrayInternal().tanh(), Map.of(), this);
    }

    // ---------------------------------------------------------------- comparisons and selection

    /** Boolean mask {@code x >= o}. */
    public Tensor gte(Tensor o) {
        return op(OpType.GREATER_OR_EQUAL, nd.gte(o.nd), Map.of(), this, o);
    }

    /** Boolean mask {@code x <= o}. */
    public Tensor lte(Tensor o) {
        return op(OpType.LESS_OR_EQUAL, nd.lte(o.nd), Map.of(), this, o);
    }

    /** Boolean mask {@code x > o}. */
    public Tensor gt(Tensor o) {
        return op(OpType.GREATER, nd.gt(o.nd), Map.of(), this, o);
    }

    /** Boolean mask {@code x < o}. */
    public Tensor lt(Tensor o) {
        return op(OpType.LESS, nd.lt(o.nd), Map.of(), this, o);
    }

    /** Elementwise {@code condition ? a : b}; all three must have the same shape. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return op(OpType.WHERE, NDArrays.where(condition.nd, a.nd, b.nd), Map.of(), condition, a, b);
    }

    /** Broadcasts to a shape (gradient summed back). */
    public Tensor broadcastTo(long... shape) {
        if (Arrays.equals(shape, shape())) {
            return this;
        }
        return op(OpType.EXPAND, nd.broadcast(new Shape(shape)), Map.of("shape", shape.clone()), this);
    }

    /** Converts the element type. */
    public Tensor toType(DataType type) {
        if (type == nd.getDataType()) {
            return this;
        }
        return op(OpType.CAST, nd.toType(type, false), Map.of("to", type.name()), this);
    }

    /** The same values, cut from the autograd graph. */
    public Tensor stopGradient() {
        return op(OpType.IDENTITY, nd.stopGradient(), Map.of(), this);
    }

    // ---------------------------------------------------------------- shape

    public Tensor reshape(long... shape) {
        return op(OpType.RESHAPE, nd.reshape(new Shape(shape)), Map.of("shape", shape.clone()), this);
    }

    /** Flattens dimensions {@code startDim..rank-1} into one. */
    public Tensor flatten(int startDim) {
        return op(OpType.FLATTEN, nd.flatten(startDim, rank() - 1), Map.of("axis", (long) startDim), this);
    }

    public Tensor permute(int... axes) {
        long[] perm = Arrays.stream(axes).asLongStream().toArray();
        return op(OpType.TRANSPOSE, nd.transpose(axes), Map.of("perm", perm), this);
    }

    public Tensor transpose(int a, int b) {
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        axes[a] = b;
        axes[b] = a;
        return permute(axes);
    }

    /** Reverses the given axes. */
    public Tensor flip(int... axes) {
        long[] ax = Arrays.stream(axes).asLongStream().toArray();
        return op(OpType.FLIP, nd.flip(axes), Map.of("axes", ax), this);
    }

    /** Constant padding of the last dims: {@code pads = [lastBegin, lastEnd, prevBegin, prevEnd, ...]}. */
    public Tensor pad(long[] pads, float value) {
        return op(OpType.PAD, nd.pad(new Shape(pads), value), Map.of("pads", pads.clone(), "value", value), this);
    }

    /** Elements {@code start..end-1} (step 1) of one axis. */
    public Tensor slice(int axis, long start, long end) {
        StringBuilder idx = new StringBuilder();
        for (int i = 0; i < axis; i++) {
            idx.append(":,");
        }
        idx.append(start).append(':').append(end);
        return op(OpType.SLICE, nd.get(idx.toString()), Map.of("axis", (long) axis, "start", start, "end", end), this);
    }

    /** Concatenates along an axis. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        NDList list = new NDList(parts.size());
        for (Tensor p : parts) {
            list.add(p.nd);
        }
        return op(OpType.CONCAT, NDArrays.concat(list, axis), Map.of("axis", (long) axis), parts.toArray(new Tensor[0]));
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return op(OpType.REDUCE_SUM, nd.sum(), Map.of("keepdims", 0L), this);
    }

    public Tensor sum(int[] axes, boolean keepDims) {
        return op(OpType.REDUCE_SUM, nd.sum(axes, keepDims), reduceAttrs(axes, keepDims), this);
    }

    public Tensor mean() {
        return op(OpType.REDUCE_MEAN, nd.mean(), Map.of("keepdims", 0L), this);
    }

    public Tensor mean(int[] axes, boolean keepDims) {
        return op(OpType.REDUCE_MEAN, reduceEach(nd, axes, keepDims, 'm'), reduceAttrs(axes, keepDims), this);
    }

    /** The largest element (libtorch reads memory in order: a channels-last tensor is not copied first). */
    public Tensor max() {
        return op(OpType.REDUCE_MAX, NativeMemory.reduceAll(this, NDArray::max), Map.of("keepdims", 0L), this);
    }

    public Tensor max(int[] axes, boolean keepDims) {
        return op(OpType.REDUCE_MAX, reduceEach(nd, axes, keepDims, 'x'), reduceAttrs(axes, keepDims), this);
    }

    /** Minimum over axes. */
    public Tensor min(int[] axes, boolean keepDims) {
        return op(OpType.REDUCE_MIN, reduceEach(nd, axes, keepDims, 'n'), reduceAttrs(axes, keepDims), this);
    }

    /**
     * DJL's PyTorch binding reduces max/min/mean over one axis at a time: reduce the axes from the
     * last to the first so the remaining indices stay valid; intermediates are freed at once.
     */
    private NDArray reduceEach(NDArray x, int[] axes, boolean keepDims, char kind) {
        int r = x.getShape().dimension();
        int[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + r : a).sorted().distinct().toArray();
        NDArray cur = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            int[] one = {sorted[i]};
            NDArray next = switch (kind) {
                case 'x' -> cur.max(one, keepDims);
                case 'n' -> cur.min(one, keepDims);
                default -> cur.mean(one, keepDims);
            };
            if (cur != x) {
                cur.close();
            }
            cur = next;
        }
        return cur;
    }

    /** The smallest element (as {@link #max()}, without a copy of a channels-last tensor). */
    public Tensor min() {
        return op(OpType.REDUCE_MIN, NativeMemory.reduceAll(this, NDArray::min), Map.of("keepdims", 0L), this);
    }

    /** Index of the largest value along an axis (int64). */
    public Tensor argmax(int axis) {
        return op(OpType.ARG_MAX, nd.argMax(axis), Map.of("axis", (long) axis, "keepdims", 0L), this);
    }

    private static Map<String, Object> reduceAttrs(int[] axes, boolean keep) {
        return Map.of("axes", Arrays.stream(axes).asLongStream().toArray(), "keepdims", keep ? 1L : 0L);
    }

    // ---------------------------------------------------------------- neural network ops

    /**
     * 2-D convolution. {@code x: N x C x H x W}, {@code weight: K x C/groups x R x S},
     * {@code bias: K} or null; result {@code N x K x H' x W'}, laid out in
     * {@link MemoryFormat#forConvolutions()} (the input is rearranged first when it is not).
     */
    public Tensor conv2d(Tensor weight, Tensor bias, ConvSpec spec) {
        long[] xs = shape();
        long[] ws = weight.shape();
        if (xs.length != 4 || xs[1] != ws[1] * spec.groups()) {
            throw new ShapeMismatchException(
                    "Conv2d input",
                    "[N, " + ws[1] * spec.groups() + ", H, W]",
                    xs,
                    "The convolution has " + ws[1] * spec.groups() + " input channels; give a 4-D N x C x H x W input with that many channels.");
        }
        MemoryFormat format = MemoryFormat.forConvolutions();
        NDArray in = format.arrange(nd);
        NDArray raw = JniOps.conv2d(in, weight.nd, bias == null ? null : bias.nd, spec);
        if (in != nd) {
            in.close(); // autograd keeps what the backward pass needs
        }
        NDArray out = format.arrange(raw);
        if (out != raw) {
            raw.close();
        }
        Map<String, Object> attrs = Map.of(
                "kernel_shape", new long[] {ws[2], ws[3]},
                "strides", spec.stride().toLongs(),
                "pads", spec.padding().toOnnxPads(),
                "dilations", spec.dilation().toLongs(),
                "group", (long) spec.groups());
        return bias == null ? op(OpType.CONV, out, attrs, this, weight) : op(OpType.CONV, out, attrs, this, weight, bias);
    }

    /**
     * 2-D transposed convolution. {@code x: N x C x H x W}, {@code weight: C x K/groups x R x S};
     * {@code H' = (H-1)*stride - 2*padding + dilation*(R-1) + outputPadding + 1}. Computed as a
     * convolution of the stride-dilated input with the flipped, transposed kernel.
     */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, ConvSpec spec, Int2 outputPadding) {
        long[] xs = shape();
        long[] ws = weight.shape();
        int g = spec.groups();
        if (xs.length != 4 || xs[1] != ws[0]) {
            throw new ShapeMismatchException(
                    "ConvTranspose2d input", "[N, " + ws[0] + ", H, W]", xs,
                    "Give a 4-D N x C x H x W input with " + ws[0] + " channels.");
        }
        Map<String, Object> attrs = Map.of(
                "kernel_shape", new long[] {ws[2], ws[3]},
                "strides", spec.stride().toLongs(),
                "pads", spec.padding().toOnnxPads(),
                "dilations", spec.dilation().toLongs(),
                "output_padding", outputPadding.toLongs(),
                "group", (long) g);
        List<Tensor> in = bias == null ? List.of(this, weight) : List.of(this, weight, bias);
        return Tracer.composite(OpType.CONV_TRANSPOSE, in, attrs, () -> {
            Tensor z = dilateSpatial(spec.stride());
            long kh = ws[2];
            long kw = ws[3];
            long ph = spec.dilation().h() * (kh - 1) - spec.padding().h();
            long pw = spec.dilation().w() * (kw - 1) - spec.padding().w();
            z = z.pad(new long[] {pw, pw + outputPadding.w(), ph, ph + outputPadding.h()}, 0f);
            long cin = ws[0];
            long coutPerGroup = ws[1];
            Tensor w = weight.reshape(g, cin / g, coutPerGroup, kh, kw)
                    .transpose(1, 2)
                    .reshape(g * coutPerGroup, cin / g, kh, kw)
                    .flip(2, 3);
            return z.conv2d(w, bias, new ConvSpec(Int2.of(1), Int2.of(0), spec.dilation(), g));
        });
    }

    /** Inserts {@code stride-1} zeros between spatial elements (the input of a transposed conv). */
    private Tensor dilateSpatial(Int2 stride) {
        if (stride.h() == 1 && stride.w() == 1) {
            return this;
        }
        long[] s = shape();
        Tensor t = reshape(s[0], s[1], s[2], 1, s[3], 1)
                .pad(new long[] {0, stride.w() - 1, 0, 0, 0, stride.h() - 1}, 0f)
                .reshape(s[0], s[1], s[2] * stride.h(), s[3] * stride.w());
        return t.slice(2, 0, (s[2] - 1) * stride.h() + 1).slice(3, 0, (s[3] - 1) * stride.w() + 1);
    }

    /**
     * Batch normalization over channels of {@code N x C x ...}. Training: batch statistics, and the
     * running statistics are updated in place: {@code running = (1-momentum)*running + momentum*batch}
     * (unbiased variance). Eval: running statistics.
     */
    public Tensor batchNorm(Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                            boolean training, float momentum, float eps) {
        long c = runningMean.dim(0);
        if (rank() < 2 || dim(1) != c) {
            throw new ShapeMismatchException("BatchNorm input", "[N, " + c + ", ...]", shape(),
                    "The layer normalizes " + c + " channels; check the preceding layer's output channels.");
        }
        NDArray out = JniOps.batchNorm(nd, runningMean.nd, runningVar.nd, gamma.nd, beta.nd, training, momentum, eps);
        return op(OpType.BATCH_NORMALIZATION, out, Map.of("epsilon", eps, "momentum", 1f - momentum, "training_mode", training ? 1L : 0L),
                this, gamma, beta, runningMean, runningVar);
    }

    /** {@code x W^T + b}: {@code x: N x in}, {@code weight: out x in}, {@code bias: out} or null. */
    public Tensor linear(Tensor weight, Tensor bias) {
        long in = weight.dim(1);
        if (dim(-1) != in) {
            throw new ShapeMismatchException("Linear input", "[..., " + in + "]", shape(),
                    "The layer takes " + in + " features; flatten or pool the input to that size.");
        }
        NDArray out = nd.getNDArrayInternal().linear(nd, weight.nd, bias == null ? null : bias.nd).singletonOrThrow();
        return bias == null ? op(OpType.LINEAR, out, Map.of(), this, weight) : op(OpType.LINEAR, out, Map.of(), this, weight, bias);
    }

    public Tensor matmul(Tensor o) {
        return op(OpType.MAT_MUL, nd.matMul(o.nd), Map.of(), this, o);
    }

    public Tensor maxPool2d(Int2 kernel, Int2 stride, Int2 padding, boolean ceilMode) {
        NDArray out = nd.getNDArrayInternal().maxPool(new Shape(kernel.toLongs()), new Shape(stride.toLongs()),
                new Shape(padding.toLongs()), ceilMode);
        return op(OpType.MAX_POOL, out, Map.of("kernel_shape", kernel.toLongs(), "strides", stride.toLongs(),
                "pads", padding.toOnnxPads(), "ceil_mode", ceilMode ? 1L : 0L), this);
    }

    /**
     * Average pooling. With {@code countIncludePad=false} the padded zeros are left out of each
     * window's divisor (computed as {@code avg(x) / avg(ones)} over the same windows, because the
     * native binding ignores the flag).
     */
    public Tensor avgPool2d(Int2 kernel, Int2 stride, Int2 padding, boolean ceilMode, boolean countIncludePad) {
        Map<String, Object> attrs = Map.of("kernel_shape", kernel.toLongs(), "strides", stride.toLongs(),
                "pads", padding.toOnnxPads(), "ceil_mode", ceilMode ? 1L : 0L,
                "count_include_pad", countIncludePad ? 1L : 0L);
        boolean padded = padding.h() > 0 || padding.w() > 0;
        if (countIncludePad || !padded) {
            return op(OpType.AVERAGE_POOL, rawAvgPool(nd, kernel, stride, padding, ceilMode), attrs, this);
        }
        return Tracer.composite(OpType.AVERAGE_POOL, List.of(this), attrs, () -> {
            Tensor sumAvg = wrap(rawAvgPool(nd, kernel, stride, padding, ceilMode));
            Tensor ones = Tensor.ones(1, 1, dim(2), dim(3));
            Tensor frac = wrap(rawAvgPool(ones.nd, kernel, stride, padding, ceilMode));
            return sumAvg.div(frac);
        });
    }

    private static NDArray rawAvgPool(NDArray x, Int2 kernel, Int2 stride, Int2 padding, boolean ceilMode) {
        return x.getNDArrayInternal().avgPool(new Shape(kernel.toLongs()), new Shape(stride.toLongs()),
                new Shape(padding.toLongs()), ceilMode, true);
    }

    /** Adaptive average pooling to {@code outH x outW} (1 x 1 is global average pooling). */
    public Tensor adaptiveAvgPool2d(int outH, int outW) {
        NDArray out = JniOps.adaptiveAvgPool(nd, outH, outW);
        OpType type = outH == 1 && outW == 1 ? OpType.GLOBAL_AVERAGE_POOL : OpType.ADAPTIVE_AVG_POOL;
        return op(type, out, Map.of("output_size", new long[] {outH, outW}), this);
    }

    public Tensor softmax(int axis) {
        return op(OpType.SOFTMAX, nd.softmax(axis), Map.of("axis", (long) axis), this);
    }

    public Tensor logSoftmax(int axis) {
        return op(OpType.LOG_SOFTMAX, nd.logSoftmax(axis), Map.of("axis", (long) axis), this);
    }

    /** Inverted dropout with drop probability {@code p}; identity when not training. */
    public Tensor dropout(float p, boolean training) {
        if (!training || p == 0f) {
            return this;
        }
        return op(OpType.DROPOUT, nd.getNDArrayInternal().dropout(nd, p, true).singletonOrThrow(), Map.of("ratio", p), this);
    }

    /**
     * Mean cross-entropy of logits {@code N x K} against int64 labels {@code N}, with label
     * smoothing {@code s}: {@code (1-s) * nll + s * mean_k(-log p_k)} (PyTorch's formula).
     */
    public Tensor crossEntropy(Tensor labels, float smoothing) {
        if (rank() != 2 || labels.rank() != 1 || labels.dim(0) != dim(0)) {
            throw new ShapeMismatchException("cross-entropy needs logits N x K and labels N; found logits "
                    + Arrays.toString(shape()) + ", labels " + Arrays.toString(labels.shape()), null);
        }
        Tensor logp = logSoftmax(1);
        Tensor idx = labels.toType(DataType.INT64).reshape(dim(0), 1);
        Tensor nll = op(OpType.GATHER_ELEMENTS, logp.nd.gather(idx.nd, 1), Map.of("axis", 1L), logp, idx).neg().mean();
        if (smoothing == 0f) {
            return nll;
        }
        Tensor smooth = logp.mean(new int[] {1}, false).neg().mean();
        return nll.mul(1f - smoothing).add(smooth.mul(smoothing));
    }

    // ---------------------------------------------------------------- autograd

    /** Marks this (leaf) tensor as requiring gradients. */
    public Tensor requiresGrad(boolean on) {
        nd.setRequiresGradient(on);
        return this;
    }

    /** Whether gradients are tracked for this tensor. */
    public boolean requiresGrad() {
        return nd.hasGradient();
    }

    /** The accumulated gradient (a view in the current scope), or zeros when none was computed. */
    public Tensor grad() {
        return wrap(nd.getGradient());
    }
}
