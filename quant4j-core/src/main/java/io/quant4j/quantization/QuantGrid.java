package io.quant4j.quantization;

/**
 * The integer grid of a quantizer and the scalar (reference) fake quantization on it.
 *
 * <pre>
 *   maxBound = 2^(numBits - 1 + (unsigned ? 1 : 0)) - 1            int8: 127, uint8: 255, int4: 7
 *   minBound = unsigned ? 0 : (narrowRange ? -maxBound : -maxBound - 1)     int8: -128
 *   scale    = maxBound / amax                (float32; the inverse of the ONNX scale)
 *   fq(x)    = clamp(rint(x * scale), minBound, maxBound) / scale,   0 where amax &lt;= 2^-24
 * </pre>
 *
 * Example (int8, amax 1): {@code fq(-1.01f) = -128/127f}, {@code fq(0.0059055f) = 1/127f},
 * {@code fq(2f) = 1f}. All arithmetic is float32, as in pytorch-quantization.
 *
 * @param numBits bit width, 2..16 (1..16 when unsigned)
 * @param unsigned grid {@code [0, 2^n - 1]}
 * @param narrowRange signed grid {@code [-maxBound, maxBound]} instead of {@code [-maxBound-1, maxBound]}
 */
public record QuantGrid(int numBits, boolean unsigned, boolean narrowRange) {
    /** amax at or below this (the smallest fp16 subnormal) quantizes everything to zero. */
    public static final float MIN_AMAX = 1f / (1 << 24);

    /** Signed 8-bit, full range: [-128, 127]. */
    public static final QuantGrid INT8 = new QuantGrid(8, false, false);

    /** Smallest signed bit width (one sign bit, one magnitude bit); unsigned grids allow one less. */
    public static final int MIN_BITS = 2;

    /** Largest bit width. */
    public static final int MAX_BITS = 16;

    public QuantGrid {
        String problem = bitsProblem(numBits, unsigned);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code numBits} is not a valid width, or null when it is. */
    public static String bitsProblem(int numBits, boolean unsigned) {
        int min = unsigned ? MIN_BITS - 1 : MIN_BITS;
        return numBits < min || numBits > MAX_BITS ? "expected numBits in [" + min + ", " + MAX_BITS + "], found " + numBits : null;
    }

    /** {@code 2^(numBits - 1 + unsigned) - 1}. */
    public int maxBound() {
        return (1 << (numBits - 1 + (unsigned ? 1 : 0))) - 1;
    }

    /** {@code 0} (unsigned), {@code -maxBound} (narrow) or {@code -maxBound - 1}. */
    public int minBound() {
        if (unsigned) {
            return 0;
        }
        return narrowRange ? -maxBound() : -maxBound() - 1;
    }

    /** Number of histogram levels the entropy method maps onto: {@code 2^(numBits - 1 + unsigned)}. */
    public int levels() {
        return 1 << (numBits - 1 + (unsigned ? 1 : 0));
    }

    /** The multiplier {@code maxBound / amax} (float32), 0 for amax at or below {@link #MIN_AMAX}. */
    public float scale(float amax) {
        return amax <= MIN_AMAX ? 0f : (float) maxBound() / amax;
    }

    /** The divisor applied after rounding: the scale, or 1 where the scale is 0. */
    public float divisor(float amax) {
        return amax <= MIN_AMAX ? 1f : (float) maxBound() / amax;
    }

    /** The integer level of {@code x}: {@code clamp(rint(x * scale), minBound, maxBound)} (float32). */
    public float quantize(float x, float amax) {
        float q = (float) Math.rint(x * scale(amax));
        return Math.min(Math.max(q, minBound()), maxBound());
    }

    /**
     * The ONNX scale of a quantizer with this grid: {@code amax / maxBound} in float32, 1.0 when
     * that is 0 (spec §7). It is the step between two levels of the exported tensor.
     */
    public float onnxScale(float amax) {
        float s = amax / maxBound();
        return s == 0f ? 1f : s;
    }

    /** Scalar fake quantization, bit-identical to the tensor version; {@code amax >= 0}. */
    public float fakeQuant(float x, float amax) {
        return quantize(x, amax) / divisor(amax);
    }

    /** {@code 8bit}, {@code unsigned 8bit}, {@code 8bit narrow}. */
    @Override
    public String toString() {
        return (unsigned ? "unsigned " : "") + numBits + "bit" + (narrowRange && !unsigned ? " narrow" : "");
    }
}
