package io.quant4j.quantization;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a tensor is quantized, as pytorch-quantization's {@code QuantDescriptor}.
 *
 * <p>Defaults (see {@link #INT8_PER_TENSOR}): 8 bit, signed, full range {@code [-128, 127]},
 * fake quantization, per tensor, dynamic amax until calibrated, max calibration.
 *
 * @param numBits bit width, 2..16 (1..16 unsigned)
 * @param name optional label used in messages (null for none)
 * @param fakeQuant true: output {@code q / scale} (fake quantization); false: the integer levels {@code q}
 * @param axis null for one amax per tensor; else the dimension(s) that keep their own amax (0 for
 *     conv, transposed conv and linear weights; negative axes
 *     count from the last dimension; a tuple such as {@code (0, 1)} keeps one amax per pair), see
 *     {@link QuantAxis}
 * @param amax amax fixed up front (1 value, or one per channel), or null (dynamic until calibrated)
 * @param learnAmax learn the clip range {@code [clipMin, clipMax]} by gradient (per tensor only)
 * @param scaleAmax multiplier applied to the calibrated or dynamic amax, or null
 * @param calibMethod how calibration observes data
 * @param unsigned grid {@code [0, 2^n - 1]} (inputs must be non-negative)
 * @param narrowRange signed grid {@code [-maxBound, maxBound]}
 */
public record QuantDescriptor(
        int numBits,
        String name,
        boolean fakeQuant,
        QuantAxis axis,
        float[] amax,
        boolean learnAmax,
        Float scaleAmax,
        CalibMethod calibMethod,
        boolean unsigned,
        boolean narrowRange) {

    /** 8 bit per tensor, max calibration: pytorch-quantization's {@code QUANT_DESC_8BIT_PER_TENSOR}. */
    public static final QuantDescriptor INT8_PER_TENSOR =
            new QuantDescriptor(8, null, true, null, null, false, null, CalibMethod.MAX, false, false);

    /** 8 bit per tensor with histogram calibration (the usual choice for activations). */
    public static final QuantDescriptor INT8_PER_TENSOR_HISTOGRAM = INT8_PER_TENSOR.withCalibMethod(CalibMethod.HISTOGRAM);

    /** 8 bit per output channel (axis 0) of a conv weight {@code K x C x R x S}. */
    public static final QuantDescriptor INT8_CONV_WEIGHT_PER_CHANNEL = INT8_PER_TENSOR.withAxis(0);

    /** 8 bit per output row (axis 0) of a linear weight {@code out x in}. */
    public static final QuantDescriptor INT8_LINEAR_WEIGHT_PER_ROW = INT8_PER_TENSOR.withAxis(0);

    /**
     * 8 bit per channel of a transposed conv weight {@code C x K x R x S} along axis 0 (its input
     * channels), as pytorch-quantization's {@code QUANT_DESC_8BIT_CONVTRANSPOSE2D_WEIGHT_PER_CHANNEL}
     * and TensorRT's deconvolution kernels.
     */
    public static final QuantDescriptor INT8_CONV_TRANSPOSE_WEIGHT_PER_CHANNEL = INT8_PER_TENSOR.withAxis(0);

    public QuantDescriptor {
        Objects.requireNonNull(calibMethod, "calibMethod");
        amax = amax == null ? null : amax.clone();
        String self = describe(numBits, name, axis, unsigned, narrowRange);
        String bits = QuantGrid.bitsProblem(numBits, unsigned);
        if (bits != null) {
            throw new InvalidQuantDescriptorException(self, bits,
                    "Use 8 for INT8 (the only width ONNX Q/DQ export supports); 4..16 for simulation.");
        }
        if (learnAmax && axis != null) {
            throw new LearnAmaxPerChannelException(self, axis);
        }
        if (amax != null) {
            if (amax.length == 0) {
                throw new InvalidQuantDescriptorException(self, "expected amax with at least one value, found []",
                        "Give null for a dynamic (calibrated) amax.");
            }
            if (amax.length > 1 && axis == null) {
                throw new InvalidQuantDescriptorException(self,
                        "expected one amax for a per-tensor descriptor, found " + amax.length,
                        "Give one value, or set the axis whose channels the values belong to.");
            }
            for (float a : amax) {
                if (!Float.isFinite(a)) {
                    throw new InvalidQuantDescriptorException(self, "expected finite amax, found " + a,
                            "Give the largest magnitude to represent, a finite number >= 0.");
                }
                if (a < 0) {
                    throw new NegativeAmaxException("QuantDescriptor " + self, amax);
                }
            }
        }
        if (scaleAmax != null && !(scaleAmax > 0f && Float.isFinite(scaleAmax))) {
            throw new InvalidQuantDescriptorException(self, "expected scaleAmax > 0 and finite, found " + scaleAmax,
                    "scaleAmax multiplies the calibrated amax; use null for none.");
        }
    }

    /** The fixed amax (a copy), or null. */
    @Override
    public float[] amax() {
        return amax == null ? null : amax.clone();
    }

    /** The integer grid: bit width, signedness, range. */
    public QuantGrid grid() {
        return new QuantGrid(numBits, unsigned, narrowRange);
    }

    /** Whether amax is kept per channel ({@code axis != null}). */
    public boolean perChannel() {
        return axis != null;
    }

    public QuantDescriptor withNumBits(int n) {
        return new QuantDescriptor(n, name, fakeQuant, axis, amax, learnAmax, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    public QuantDescriptor withName(String n) {
        return new QuantDescriptor(numBits, n, fakeQuant, axis, amax, learnAmax, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    public QuantDescriptor withFakeQuant(boolean on) {
        return new QuantDescriptor(numBits, name, on, axis, amax, learnAmax, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    /** Per-channel on {@code a} (negative: counted from the last dimension), or per tensor when null. */
    public QuantDescriptor withAxis(Integer a) {
        return withAxes(a == null ? null : QuantAxis.of(a));
    }

    /** One amax per index of the given axes ({@code withAxes(0, 1)}: pytorch-quantization's {@code axis=(0, 1)}). */
    public QuantDescriptor withAxes(int... axes) {
        return withAxes(QuantAxis.of(axes));
    }

    /** Per-channel on the axes {@code a}, or per tensor when null. */
    public QuantDescriptor withAxes(QuantAxis a) {
        return new QuantDescriptor(numBits, name, fakeQuant, a, amax, learnAmax, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    /** Fixed amax values, or null for dynamic/calibrated. */
    public QuantDescriptor withAmax(float... a) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, a, learnAmax, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    public QuantDescriptor withLearnAmax(boolean on) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, amax, on, scaleAmax, calibMethod, unsigned, narrowRange);
    }

    public QuantDescriptor withScaleAmax(Float s) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, amax, learnAmax, s, calibMethod, unsigned, narrowRange);
    }

    public QuantDescriptor withCalibMethod(CalibMethod m) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, amax, learnAmax, scaleAmax, m, unsigned, narrowRange);
    }

    public QuantDescriptor withUnsigned(boolean on) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, amax, learnAmax, scaleAmax, calibMethod, on, narrowRange);
    }

    public QuantDescriptor withNarrowRange(boolean on) {
        return new QuantDescriptor(numBits, name, fakeQuant, axis, amax, learnAmax, scaleAmax, calibMethod, unsigned, on);
    }

    /** Short form used in messages: {@code 'conv1.input' 8bit per-channel(axis=0)}. */
    public String describe() {
        return describe(numBits, name, axis, unsigned, narrowRange);
    }

    private static String describe(int numBits, String name, QuantAxis axis, boolean unsigned, boolean narrow) {
        return (name == null ? "" : "'" + name + "' ") + (unsigned ? "unsigned " : "") + numBits + "bit"
                + (narrow && !unsigned ? " narrow" : "")
                + (axis == null ? " per-tensor" : " per-channel(axis=" + axis + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantDescriptor d && numBits == d.numBits && fakeQuant == d.fakeQuant
                && learnAmax == d.learnAmax && unsigned == d.unsigned && narrowRange == d.narrowRange
                && Objects.equals(name, d.name) && Objects.equals(axis, d.axis) && Arrays.equals(amax, d.amax)
                && Objects.equals(scaleAmax, d.scaleAmax) && calibMethod == d.calibMethod;
    }

    @Override
    public int hashCode() {
        return Objects.hash(numBits, name, fakeQuant, axis, Arrays.hashCode(amax), learnAmax, scaleAmax,
                calibMethod, unsigned, narrowRange);
    }

    @Override
    public String toString() {
        return "QuantDescriptor(" + describe() + (fakeQuant ? "" : " real-quant")
                + (amax == null ? "" : " amax=" + Arrays.toString(amax))
                + (learnAmax ? " learnAmax" : "") + (scaleAmax == null ? "" : " scaleAmax=" + scaleAmax)
                + " calib=" + calibMethod + ")";
    }
}
