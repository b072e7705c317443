package io.quant4j.onnx;

import java.util.Arrays;
import java.util.Map;

/**
 * The parameters of one traced {@code QuantizeDequantize} op, validated for ONNX (spec §1, §7).
 *
 * <pre>
 *   maxBound = 2^(numBits - 1 + unsigned) - 1        int8: 127, uint8: 255, int4: 7
 *   ONNX scale = amax / maxBound  (float32; 1.0 where amax <= 2^-24), zero point 0 (int8, uint8 when unsigned)
 *   Java integer  q = clamp(rint(x * (maxBound / amax)), minBound, maxBound), 0 where amax <= 2^-24
 * </pre>
 *
 * A grid narrower than 8 bits ({@code numBits} 2..7, signed) is held by int8 values in
 * {@code [-2^(n-1), 2^(n-1) - 1]}: exact for a weight, which is written as its integers. An
 * activation needs {@code numBits} 8 ({@link #requireActivationGrid}): QuantizeLinear saturates at
 * the int8 bounds, not at the narrower grid's.
 *
 * @param amax one value (per tensor) or one per channel along {@code axis}
 * @param unsigned uint8 grid {@code [0, 255]} instead of int8 {@code [-128, 127]}
 * @param axis channel axis (non-negative) or -1 for per tensor
 * @param numBits bits of the grid: 8, or 2..7 for a signed weight
 */
public record QuantParams(float[] amax, boolean unsigned, int axis, int numBits) {
    /** Smallest amax the simulation treats as non-zero (spec §2). */
    static final float TINY = 0x1p-24f;

    public QuantParams {
        amax = amax.clone();
        if (numBits > 8 || numBits < 2 || (unsigned && numBits != 8)) {
            throw new IllegalArgumentException("expected 8 bits, or 2..7 bits signed, found " + numBits
                    + (unsigned ? " unsigned" : " signed"));
        }
    }

    /** An 8-bit grid. */
    public QuantParams(float[] amax, boolean unsigned, int axis) {
        this(amax, unsigned, axis, 8);
    }

    /** The same grid and bits, with other amax values and axis. */
    public QuantParams with(float[] newAmax, int newAxis) {
        return new QuantParams(newAmax, unsigned, newAxis, numBits);
    }

    /**
     * Checks that this quantizer can be written as an activation's QuantizeLinear/DequantizeLinear:
     * 8 bits.
     *
     * @throws UnsupportedQuantizerException for a narrower grid
     */
    public QuantParams requireActivationGrid(String path) {
        if (numBits != 8) {
            throw new UnsupportedQuantizerException(path, "an activation quantizer of " + numBits + " bits cannot be exported:"
                    + " QuantizeLinear saturates at the 8-bit bounds, not at [" + minBound() + ", " + maxBound() + "]",
                    "Use 8-bit input quantizers (--input-bits 8); weights below 8 bits are exported exactly "
                            + "(int8 values on the narrower grid).");
        }
        return this;
    }

    /**
     * Why a model quantized with these bit widths cannot be exported as Q/DQ ONNX, or null when it can:
     * weights of 2..8 bits, activations of 8.
     */
    public static String exportProblem(int weightBits, int inputBits) {
        if (inputBits != 8) {
            return "ONNX QuantizeLinear/DequantizeLinear quantizes activations to 8 bits only, found --input-bits " + inputBits;
        }
        if (weightBits > 8) {
            return "ONNX QuantizeLinear/DequantizeLinear holds weights of up to 8 bits, found --weight-bits " + weightBits;
        }
        return null;
    }

    /**
     * Reads and validates the attributes of a traced op against its input shape.
     *
     * @throws UncalibratedQuantizerException when amax is missing or empty, or was computed from the
     *     traced input ({@code dynamic_amax}: the quantizer was never calibrated)
     * @throws UnsupportedQuantizerException for a non-8-bit, signed narrow-range, negative or
     *     non-finite amax, or an axis/amax that does not fit the input
     */
    public static QuantParams parse(Map<String, Object> attrs, String path, long[] inputShape) {
        Object a = attrs.get("amax");
        if (!(a instanceof float[] amax) || amax.length == 0) {
            throw new UncalibratedQuantizerException(path, a == null ? "none" : a instanceof float[] ? "an empty array"
                    : a.getClass().getSimpleName());
        }
        if (Boolean.TRUE.equals(attrs.get("dynamic_amax"))) {
            throw new UncalibratedQuantizerException(path, "a dynamic amax (computed from each input; the traced input "
                    + "gave " + Arrays.toString(amax) + ")");
        }
        Object nb = attrs.get("num_bits");
        boolean unsigned = Boolean.TRUE.equals(attrs.get("unsigned"));
        long bits = nb instanceof Number n ? n.longValue() : -1;
        if (bits != 8 && (unsigned || bits < 2 || bits > 8)) {
            throw new UnsupportedQuantizerException(path, "ONNX QuantizeLinear/DequantizeLinear export supports 8-bit "
                    + "quantizers, and signed weights of 2..7 bits: expected num_bits 8, found " + nb
                    + (unsigned ? " (unsigned)" : ""),
                    "Use 8-bit quantizers for layers that are exported (a narrower unsigned grid or more than 8 bits has "
                            + "no exact int8 Q/DQ form), or disable this quantizer.");
        }
        boolean narrow = Boolean.TRUE.equals(attrs.get("narrow_range"));
        if (narrow && !unsigned) {
            throw new UnsupportedQuantizerException(path, "a signed narrow-range quantizer (grid [-127, 127]) cannot be "
                    + "represented exactly: ONNX int8 QuantizeLinear saturates to [-128, 127]",
                    "Use narrow_range=false (the default descriptor), or an unsigned quantizer for non-negative inputs.");
        }
        for (float v : amax) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new UnsupportedQuantizerException(path, "expected finite amax >= 0, found " + v,
                        "Recalibrate: a negative, infinite or NaN amax means the calibrator saw invalid data.");
            }
        }
        if (attrs.get(io.quant4j.quantization.FakeQuant.AXES) instanceof long[] axes) {
            throw new UnsupportedQuantizerException(path, "a quantizer with one amax per index of several axes "
                    + Arrays.toString(axes) + " (" + amax.length + " values) cannot be exported: ONNX QuantizeLinear and "
                    + "DequantizeLinear take per-tensor or per-axis (one axis) scales; pytorch-quantization's exporter "
                    + "refuses it too (\"ONNX does not support multi-axis quantization\")",
                    "Give this quantizer one axis (0 for conv/linear weights) or none before exporting.");
        }
        Object ax = attrs.get("axis");
        int axis = ax instanceof Number n ? (int) n.longValue() : -1;
        int rank = inputShape.length;
        if (axis != -1 && (axis < -rank || axis >= rank)) {
            throw new UnsupportedQuantizerException(path, "axis " + axis + " is out of range for an input of shape "
                    + Arrays.toString(inputShape), "Give the channel axis of the quantized tensor (0 for conv weights).");
        }
        if (axis < -1) {
            axis += rank;
        }
        if (axis == -1) {
            if (amax.length != 1) {
                throw new UnsupportedQuantizerException(path, "per-tensor quantizer (axis -1) needs one amax, found "
                        + amax.length, "Set 'axis' to the channel axis of a per-channel quantizer.");
            }
        } else if (amax.length != inputShape[axis]) {
            if (amax.length == 1) {
                axis = -1;
            } else {
                throw new UnsupportedQuantizerException(path, "per-channel amax along axis " + axis + " must have "
                        + inputShape[axis] + " values (input " + Arrays.toString(inputShape) + "), found " + amax.length,
                        "Recalibrate the quantizer with this layer's current shape.");
            }
        }
        return new QuantParams(amax, unsigned, axis, (int) bits);
    }

    /**
     * The parameters a quantizer quantizes with now (its calibrated or learned amax, its grid and
     * axis), validated for a tensor of {@code shape} as {@link #parse} validates a traced op.
     *
     * @throws UncalibratedQuantizerException when the quantizer has no amax
     */
    public static QuantParams of(io.quant4j.quantization.TensorQuantizer q, long[] shape, String path) {
        float[] amax = q.quantizingAmax();
        if (amax == null) {
            throw new UncalibratedQuantizerException(path, "no amax (the quantizer was never calibrated)");
        }
        io.quant4j.quantization.QuantAxis axis = q.descriptor().axis();
        int[] kept = axis == null ? null : axis.resolve(shape, path);
        return parse(io.quant4j.quantization.FakeQuant.attributes(amax, kept, q.grid()), path, shape);
    }

    /**
     * The zero point: 0 of type int8 (uint8 when unsigned), or uint8 128 for a signed quantizer
     * written as uint8 ({@code q_u8 = q_s8 + 128}, same scale, same values).
     */
    public IrTensor zeroPoint(boolean offsetUint8, long[] dims) {
        byte[] z = new byte[amax.length];
        if (offsetUint8 && !unsigned) {
            java.util.Arrays.fill(z, (byte) 128);
            return IrTensor.ofBytes(ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8, dims, z);
        }
        return IrTensor.ofBytes(unsigned ? ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8
                : ai.onnx.proto.OnnxMl.TensorProto.DataType.INT8, dims, z);
    }

    public int maxBound() {
        return (1 << (numBits - 1 + (unsigned ? 1 : 0))) - 1;
    }

    public int minBound() {
        return unsigned ? 0 : -maxBound() - 1;
    }

    public boolean perChannel() {
        return axis >= 0;
    }

    /**
     * ONNX scales {@code amax / maxBound} in float32; 1.0 where {@code amax <= 2^-24}, where the Java
     * simulation outputs 0 whatever the input (a tensor calibrated to such a range holds values
     * that round to 0 at scale 1; a scale of {@code amax / maxBound} would quantize them).
     */
    public float[] onnxScales() {
        return scales(amax, maxBound());
    }

    static float[] scales(float[] amax, int maxBound) {
        float[] s = new float[amax.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = amax[i] <= TINY ? 1f : amax[i] / maxBound;
        }
        return s;
    }

    /**
     * The integers of the Java fake quantization of {@code x} (shape {@code dims}), exactly as spec §2:
     * float32 product with {@code maxBound / amax}, round half to even, clamp.
     */
    public int[] quantize(float[] x, long[] dims) {
        int[] q = new int[x.length];
        long inner = 1;
        for (int d = axis + 1; d < dims.length && axis >= 0; d++) {
            inner *= dims[d];
        }
        int channels = axis >= 0 ? (int) dims[axis] : 1;
        for (int i = 0; i < x.length; i++) {
            int c = axis >= 0 ? (int) ((i / inner) % channels) : 0;
            float a = amax[c];
            if (a <= TINY) {
                q[i] = 0;
                continue;
            }
            float scale = maxBound() / a;
            float prod = x[i] * scale;
            double r = Math.rint(prod);
            q[i] = (int) Math.max(minBound(), Math.min(maxBound(), r));
        }
        return q;
    }

    @Override
    public float[] amax() {
        return amax.clone();
    }
}
