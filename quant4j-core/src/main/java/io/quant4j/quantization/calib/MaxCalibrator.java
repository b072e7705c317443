package io.quant4j.quantization.calib;

import ai.djl.ndarray.NDArray;
import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Running maximum of {@code |x|}, per tensor or per channel (pytorch-quantization's
 * {@code MaxCalibrator}).
 *
 * <p>{@code collect(x)}: {@code m = max|x|} reduced over every dimension except {@code axis}, with
 * kept dimensions (axis 0 of {@code K x C x R x S}: shape {@code [K, 1, 1, 1]}; per tensor: shape
 * {@code []}); the state is the elementwise maximum over batches. A shape change between batches,
 * NaN or infinity are errors and leave the state unchanged.
 */
public final class MaxCalibrator implements Calibrator {
    private final Integer axis;
    private final String owner;
    private float[] amax;
    private long[] shape;

    /**
     * @param axis null for per tensor, else the dimension that keeps its own maximum
     * @param owner label for messages (the quantizer), or null
     */
    public MaxCalibrator(Integer axis, String owner) {
        if (axis != null && axis < 0) {
            throw new IllegalArgumentException("expected axis >= 0 or null, found " + axis);
        }
        this.axis = axis;
        this.owner = owner == null ? "MaxCalibrator" : owner;
    }

    /** The axis that keeps its own amax, or null. */
    public Integer axis() {
        return axis;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public void collect(Tensor x) {
        Amax m = reduceAmax(x, axis, owner);
        float[] v = m.values();
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new NonFiniteCalibrationDataException(owner, "max|x| = " + f
                        + (v.length > 1 ? " in one of " + v.length + " channels" : ""));
            }
        }
        if (amax == null) {
            amax = v;
            shape = m.shape();
            return;
        }
        if (!Arrays.equals(shape, m.shape())) {
            throw new ShapeMismatchException(owner + ": calibration batch amax", Arrays.toString(shape), m.shape(),
                    "Every batch seen by one max calibrator must keep the same size along the channel axis"
                            + " (and the same rank); reset() it before calibrating another tensor.");
        }
        for (int i = 0; i < amax.length; i++) {
            amax[i] = Math.max(amax[i], v[i]);
        }
    }

    /** The running maximum. */
    public Amax computeAmax() {
        if (amax == null) {
            throw new NoCalibrationDataException(owner);
        }
        return new Amax(amax, shape);
    }

    @Override
    public Amax computeAmax(AmaxMethod method) {
        if (!(method instanceof AmaxMethod.Max)) {
            throw new UnsupportedAmaxMethodException(owner, method, "max");
        }
        return computeAmax();
    }

    @Override
    public void reset() {
        amax = null;
        shape = null;
    }

    @Override
    public boolean hasData() {
        return amax != null;
    }

    /**
     * {@code max|x|} over all dimensions (shape {@code []}), or over all but {@code axis} with kept
     * dimensions. Runs outside autograd and records nothing in a tracer. NaN propagates.
     */
    public static Amax reduceAmax(Tensor x, Integer axis, String owner) {
        int rank = x.rank();
        if (axis != null && axis >= rank) {
            throw new ShapeMismatchException((owner == null ? "" : owner + ": ") + "per-channel amax on axis " + axis,
                    "a tensor of rank > " + axis, x.shape(),
                    "The quantizer's axis must name a dimension of its input.");
        }
        if (x.size() == 0) {
            throw new ShapeMismatchException((owner == null ? "" : owner + ": ") + "amax of an empty tensor",
                    "at least one element", x.shape(), "Give a non-empty tensor.");
        }
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            NDArray nd = x.ndArray();
            if (axis == null) {
                NDArray max = own(nd.max(), s);
                NDArray min = own(nd.min(), s);
                float hi = Tensor.of(max).toFloatArray()[0];
                float lo = Tensor.of(min).toFloatArray()[0];
                return Amax.scalar(Math.max(hi, -lo)); // NaN propagates
            }
            long[] keep = new long[rank];
            NDArray m = own(nd.abs(), s);
            for (int d = rank - 1; d >= 0; d--) { // one axis at a time: DJL reduces one axis per call
                keep[d] = d == axis ? x.dim(d) : 1;
                if (d != axis) {
                    m = own(m.max(new int[] {d}, true), s);
                }
            }
            return new Amax(Tensor.of(m).toFloatArray(), keep);
        }
    }

    private static NDArray own(NDArray a, Scope s) {
        a.attach(s.manager());
        return a;
    }

    @Override
    public String toString() {
        return "MaxCalibrator(" + (axis == null ? "per-tensor" : "axis=" + axis)
                + (amax == null ? ", empty" : ", amax=" + new Amax(amax, shape)) + ")";
    }
}
