package io.quant4j.quantization.calib;

import ai.djl.ndarray.NDArray;
import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.NativeMemory;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Running maximum of {@code |x|}, per tensor or per channel (pytorch-quantization's
 * {@code MaxCalibrator}).
 *
 * <p>{@code collect(x)}: {@code m = max|x|} reduced over every dimension except the axes, with
 * kept dimensions (axis 0 of {@code K x C x R x S}: shape {@code [K, 1, 1, 1]}; axes {@code (0, 1)}:
 * {@code [K, C, 1, 1]}; axis {@code -1}: {@code [1, 1, 1, S]}; per tensor: shape {@code []}); the
 * state is the elementwise maximum over batches. A shape change between batches, NaN or infinity
 * are errors and leave the state unchanged.
 *
 * <p>pytorch-quantization's own {@code MaxCalibrator} tests {@code i in axis} for
 * {@code i in range(rank)}, so a negative axis keeps nothing there (one amax per tensor, shape
 * {@code [1, .., 1]}); here {@code -1} means the last dimension, as its {@code QuantDescriptor}
 * documents.
 */
public final class MaxCalibrator implements Calibrator {
    private final QuantAxis axis;
    private final String owner;
    private float[] amax;
    private long[] shape;

    /**
     * @param axis null for per tensor, else the dimension(s) that keep their own maximum
     * @param owner label for messages (the quantizer), or null
     */
    public MaxCalibrator(QuantAxis axis, String owner) {
        this.axis = axis;
        this.owner = owner == null ? "MaxCalibrator" : owner;
    }

    /** The axes that keep their own amax, or null. */
    public QuantAxis axis() {
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
     * {@code max|x|} over all dimensions (shape {@code []}), or over all but the axes with kept
     * dimensions. Runs outside autograd and records nothing in a tracer. NaN propagates.
     *
     * @throws ShapeMismatchException when an axis is outside {@code [-rank, rank)} of {@code x}
     */
    public static Amax reduceAmax(Tensor x, QuantAxis axis, String owner) {
        int rank = x.rank();
        int[] kept = axis == null ? null : axis.resolve(x.shape(), owner == null ? "amax" : owner);
        if (x.size() == 0) {
            throw new ShapeMismatchException((owner == null ? "" : owner + ": ") + "amax of an empty tensor",
                    "at least one element", x.shape(), "Give a non-empty tensor.");
        }
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            NDArray nd = x.ndArray();
            if (axis == null) {
                // one memory-order view for both reductions (libtorch would copy a channels-last tensor);
                // it belongs to this scope
                NDArray all = NativeMemory.inMemoryOrder(x).ndArray();
                NDArray max = own(all.max(), s);
                NDArray min = own(all.min(), s);
                float hi = Tensor.of(max).toFloatArray()[0];
                float lo = Tensor.of(min).toFloatArray()[0];
                return Amax.scalar(Math.max(hi, -lo)); // NaN propagates
            }
            long[] keep = QuantAxis.keepShape(x.shape(), kept);
            NDArray m = own(nd.abs(), s);
            for (int d = rank - 1; d >= 0; d--) { // one axis at a time: DJL reduces one axis per call
                if (keep[d] == 1 && x.dim(d) != 1) {
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
