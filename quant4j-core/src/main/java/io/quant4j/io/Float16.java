package io.quant4j.io;

/**
 * IEEE 754 binary16 to binary32, exactly (every half value is a float value), and binary32 to
 * binary16 rounded to nearest, ties to even; Java 17 has no {@code Float.float16ToFloat} or
 * {@code Float.floatToFloat16} (they came in Java 20).
 *
 * <p>Half layout: sign (1 bit), exponent (5 bits, bias 15), fraction (10 bits). Normal numbers get
 * the exponent re-biased to 127 and the fraction shifted into the top of float's 23 bits;
 * subnormals ({@code fraction * 2^-24}) become normal floats; infinities stay infinities and NaNs
 * keep their sign and payload (shifted like a fraction), as numpy converts them.
 */
public final class Float16 {
    /** The largest finite half value, 65,504. */
    public static final float MAX_VALUE = 65504f;

    /** The smallest positive normal half value, 2^-14. */
    public static final float MIN_NORMAL = 0x1p-14f;

    private Float16() {}

    /** The float with the same value as the half whose bits are the low 16 bits of {@code bits}. */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (fraction << 13));
        }
        if (exponent == 0) {
            // fraction * 2^-24 is exact in float (at most 10 significant bits); zero keeps its sign
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(fraction * 0x1p-24f));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
    }

    /**
     * The half nearest to {@code f} (ties to the even half), as {@code Float.floatToFloat16} of
     * Java 20 and numpy's {@code astype(float16)}: magnitudes from 65,520 on become infinity, below
     * 2^-25 zero (both keeping the sign), values under 2^-14 subnormal halves; a NaN stays a NaN
     * with the sign and the top 10 bits of its payload (a quiet NaN when those are all zero).
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fff_ffff;
        if (abs >= 0x7f80_0000) {
            int payload = (abs & 0x7f_ffff) >>> 13;
            return (short) (sign | 0x7c00 | (abs == 0x7f80_0000 ? 0 : payload == 0 ? 0x200 : payload));
        }
        if (abs >= 0x477f_f000) {
            // 65,520 is halfway between 65,504 (odd fraction) and 2^16: ties to even round it up, to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x3880_0000) {
            // below 2^-14: a subnormal half, round(|f| / 2^-24); |f| = m * 2^(e - 150) with the implicit bit in m
            int e = abs >>> 23;
            if (e < 102) {
                return (short) sign; // below 2^-25 (float subnormals included): rounds to zero
            }
            int m = (abs & 0x7f_ffff) | 0x80_0000;
            int shift = 126 - e;
            return (short) (sign | roundShift(m, shift));
        }
        // normal: re-bias the exponent from 127 to 15, keep the top 10 fraction bits, round the 13 dropped
        int h = (abs >>> 13) - ((127 - 15) << 10);
        int rest = abs & 0x1fff;
        if (rest > 0x1000 || rest == 0x1000 && (h & 1) == 1) {
            h++; // a carry out of the fraction moves to the next exponent, as it should
        }
        return (short) (sign | h);
    }

    /** {@code m / 2^shift} rounded to nearest, ties to even ({@code 1 <= shift <= 31}). */
    private static int roundShift(int m, int shift) {
        int q = m >>> shift;
        int rest = m & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || rest == half && (q & 1) == 1 ? q + 1 : q;
    }
}
