package io.quant4j.io;

/**
 * IEEE 754 binary16 to binary32, exactly (every half value is a float value); Java 17 has no
 * {@code Float.float16ToFloat} (it came in Java 20).
 *
 * <p>Half layout: sign (1 bit), exponent (5 bits, bias 15), fraction (10 bits). Normal numbers get
 * the exponent re-biased to 127 and the fraction shifted into the top of float's 23 bits;
 * subnormals ({@code fraction * 2^-24}) become normal floats; infinities stay infinities and NaNs
 * keep their sign and payload (shifted like a fraction), as numpy converts them.
 */
public final class Float16 {
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
}
