package io.quant4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;

/**
 * The tensor operations that imported ONNX graphs need beyond {@link Tensor}'s own: each is one
 * PyTorch kernel (so autograd differentiates it) and is recorded for an active {@link Tracer}
 * under its ONNX name.
 *
 * <pre>
 *   erf(x)               = 2/sqrt(pi) * integral_0^x exp(-t^2) dt       d/dx = 2/sqrt(pi) exp(-x^2)
 *   pow(x, y)            = x^y (broadcasting)                           d/dx = y x^(y-1), d/dy = x^y ln x
 *   leakyRelu(x, a)      = x for x >= 0, a x otherwise
 *   reciprocal(x)        = 1 / x
 *   floor(x), ceil(x)    zero gradient
 *   equal(a, b), not(m)  boolean masks
 *   take(x, axis, idx)   y[..., j, ...] = x[..., idx[j], ...] (host indices, any order, repeats allowed)
 *   slice(x, axis, a, b, s) x[..., a:b:s, ...] for a positive step s
 * </pre>
 */
public final class GraphTensorOps {
    private GraphTensorOps() {}

    private static PtNDArray pt(Tensor t) {
        return (PtNDArray) t.ndArray();
    }

    /** The Gauss error function. */
    public static Tensor erf(Tensor x) {
        return Tensor.op(OpType.ERF, JniUtils.erf(pt(x)), Map.of(), x);
    }

    /** {@code x^y} with broadcasting. */
    public static Tensor pow(Tensor x, Tensor y) {
        return Tensor.op(OpType.POW, x.ndArray().pow(y.ndArray()), Map.of(), x, y);
    }

    /** {@code max(x, 0) + alpha * min(x, 0)}. */
    public static Tensor leakyRelu(Tensor x, float alpha) {
        return Tensor.op(OpType.LEAKY_RELU, JniUtils.leakyRelu(pt(x), alpha), Map.of("alpha", alpha), x);
    }

    /** {@code 1 / x}. */
    public static Tensor reciprocal(Tensor x) {
        // pow saves its exponent for backward
        try (NDArray e = Tensor.ownedScalar(x.ndArray().getManager(), -1f)) {
            return Tensor.op(OpType.RECIPROCAL, x.ndArray().pow(e), Map.of(), x);
        }
    }

    /** Largest integer not above {@code x}. */
    public static Tensor floor(Tensor x) {
        return Tensor.op(OpType.FLOOR, x.ndArray().floor(), Map.of(), x);
    }

    /** Smallest integer not below {@code x}. */
    public static Tensor ceil(Tensor x) {
        return Tensor.op(OpType.CEIL, x.ndArray().ceil(), Map.of(), x);
    }

    /** Boolean mask {@code a == b} (broadcasting). */
    public static Tensor equal(Tensor a, Tensor b) {
        return Tensor.op(OpType.EQUAL, a.ndArray().eq(b.ndArray()), Map.of(), a, b);
    }

    /** Logical negation of a mask (nonzero is true). */
    public static Tensor not(Tensor m) {
        NDArray b = m.dataType() == DataType.BOOLEAN ? m.ndArray() : m.ndArray().neq(0);
        NDArray out = b.logicalNot();
        if (b != m.ndArray()) {
            b.close();
        }
        return Tensor.op(OpType.NOT, out, Map.of(), m);
    }

    /**
     * Elements {@code idx[0], idx[1], ...} of {@code axis}, in that order: the output has
     * {@code idx.length} entries along the axis. Indices must lie in {@code [0, dim)}. Gradient:
     * scattered back (summed where an index repeats).
     */
    public static Tensor take(Tensor x, int axis, long[] idx) {
        long[] s = x.shape();
        int ax = axis < 0 ? axis + s.length : axis;
        for (long i : idx) {
            if (i < 0 || i >= s[ax]) {
                throw new IllegalArgumentException("expected indices in [0, " + s[ax] + ") along axis " + ax + " of "
                        + Arrays.toString(s) + ", found " + i);
            }
        }
        long[] outShape = s.clone();
        outShape[ax] = idx.length;
        long[] view = new long[s.length];
        Arrays.fill(view, 1);
        view[ax] = idx.length;
        NDManager m = Scope.creationManager();
        NDArray out;
        try (NDArray raw = m.create(idx, new Shape(idx.length));
             NDArray shaped = raw.reshape(new Shape(view));
             NDArray full = shaped.broadcast(new Shape(outShape))) {
            out = x.ndArray().gather(full, ax);
        }
        return Tensor.op(OpType.GATHER, out, Map.of("axis", (long) ax, "indices", idx.clone()), x);
    }

    /** {@code x[..., start:end:step, ...]} along one axis, {@code step > 0}, bounds already clamped to the axis. */
    public static Tensor slice(Tensor x, int axis, long start, long end, long step) {
        if (step <= 0) {
            throw new IllegalArgumentException("expected a positive step, found " + step);
        }
        if (step == 1) {
            return x.slice(axis, start, end);
        }
        StringBuilder idx = new StringBuilder();
        for (int i = 0; i < axis; i++) {
            idx.append(":,");
        }
        idx.append(start).append(':').append(end).append(':').append(step);
        return Tensor.op(OpType.SLICE, x.ndArray().get(idx.toString()),
                Map.of("axis", (long) axis, "start", start, "end", end, "step", step), x);
    }

    /**
     * Max or average pooling over the last 2 or 3 dimensions without padding (pad the input
     * first). An average over a window that {@code ceilMode} lets overhang the input divides by the
     * elements inside.
     */
    public static Tensor pool(Tensor x, boolean max, long[] kernel, long[] strides, boolean ceilMode) {
        Shape k = new Shape(kernel);
        Shape s = new Shape(strides);
        Shape p = new Shape(new long[kernel.length]);
        NDArray out = max ? x.ndArray().getNDArrayInternal().maxPool(k, s, p, ceilMode)
                : x.ndArray().getNDArrayInternal().avgPool(k, s, p, ceilMode, true);
        Map<String, Object> attrs = Map.of("kernel_shape", kernel.clone(), "strides", strides.clone(), "ceil_mode", ceilMode ? 1L : 0L);
        return Tensor.op(max ? OpType.MAX_POOL : OpType.AVERAGE_POOL, out, attrs, x);
    }

    /**
     * A constant of the given values in the same floating type as {@code like} (float32, or float64
     * when the graph runs in double precision), created in the current scope.
     */
    public static Tensor constantLike(float[] values, long[] shape, Tensor like) {
        if (like.dataType() != DataType.FLOAT64) {
            return Tensor.fromFloats(values, shape);
        }
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return Tensor.owned(Scope.creationManager().create(d, new Shape(shape)));
    }

    /** A constant from double values in the floating type of {@code like}. */
    public static Tensor constantLike(double[] values, long[] shape, Tensor like) {
        NDManager m = Scope.creationManager();
        NDArray d = m.create(values, new Shape(shape));
        if (like.dataType() == DataType.FLOAT64) {
            return Tensor.owned(d);
        }
        NDArray f = d.toType(DataType.FLOAT32, true);
        d.close();
        return Tensor.owned(f);
    }
}
