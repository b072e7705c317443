package io.quant4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {
    /**
     * The value of a half from its definition, in double arithmetic: (-1)^s * 2^(e-15) * (1 + m/1024)
     * for normal numbers, (-1)^s * 2^-14 * (m/1024) for subnormals; independent of the bit shifts
     * of {@link Float16}.
     */
    private static double reference(int h) {
        int s = h >>> 15;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        double sign = s == 1 ? -1.0 : 1.0;
        if (e == 0x1f) {
            return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return e == 0 ? sign * Math.pow(2, -14) * (m / 1024.0) : sign * Math.pow(2, e - 15) * (1 + m / 1024.0);
    }

    @Test
    void everyHalfValueConvertsExactly() {
        int nans = 0;
        for (int h = 0; h < 0x10000; h++) {
            float got = Float16.toFloat((short) h);
            double want = reference(h);
            if (Double.isNaN(want)) {
                nans++;
                int bits = Float.floatToRawIntBits(got);
                assertThat(got).as("half 0x%04x", h).isNaN();
                assertThat(bits >>> 31).as("sign of NaN 0x%04x", h).isEqualTo(h >>> 15);
                assertThat(bits & 0x7fffff).as("payload of NaN 0x%04x", h).isEqualTo((h & 0x3ff) << 13);
            } else {
                assertThat((double) got).as("half 0x%04x", h).isEqualTo(want);
                // signed zeros: the sign bit must match too (0.0 == -0.0 as doubles)
                assertThat(Float.floatToRawIntBits(got) >>> 31).as("sign of 0x%04x", h).isEqualTo(h >>> 15);
            }
        }
        assertThat(nans).isEqualTo(2 * 1023);
    }

    @Test
    void landmarks() {
        assertThat(Float16.toFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(Float16.toFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(Float16.toFloat((short) 0x7bff)).isEqualTo(65504.0f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat((short) 0x03ff)).isEqualTo(0x1p-14f - 0x1p-24f);
        assertThat(Float16.toFloat((short) 0x0400)).isEqualTo(0x1p-14f);
        assertThat(Float16.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float.floatToRawIntBits(Float16.toFloat((short) 0x8000))).isEqualTo(0x8000_0000);
    }
}
