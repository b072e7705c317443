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

    @Test
    void everyHalfRoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            int back = Float16.fromFloat(f) & 0xffff;
            assertThat(back).as("half 0x%04x (%s)", h, f).isEqualTo(h);
        }
    }

    /**
     * Over 17 million floats spread over the whole bit range: the half is the nearest one (its
     * neighbours in magnitude are no closer, in double arithmetic), a tie goes to the even half,
     * and infinity comes exactly from 65,520 on. Checks the definition, not the bit shifts.
     */
    @Test
    void everyFloatRoundsToTheNearestHalfTiesToEven() {
        long checked = 0;
        for (long b = 0; b <= 0xffff_ffffL; b += 251) {
            float f = Float.intBitsToFloat((int) b);
            if (Float.isNaN(f)) {
                assertThat(Float16.toFloat(Float16.fromFloat(f))).as("NaN 0x%08x", b).isNaN();
                continue;
            }
            int h = Float16.fromFloat(f) & 0xffff;
            double v = Math.abs((double) f);
            double got = Math.abs((double) Float16.toFloat((short) h));
            assertThat(h >>> 15).as("sign of 0x%08x", b).isEqualTo((int) (b >>> 31));
            if (Double.isInfinite(got)) {
                assertThat(v).as("0x%08x rounds to infinity", b).isGreaterThanOrEqualTo(65520.0);
                continue;
            }
            int mag = h & 0x7fff;
            double err = Math.abs(got - v);
            if (mag > 0) {
                assertThat(err).as("0x%08x: the half below is no closer", b)
                        .isLessThanOrEqualTo(Math.abs(Float16.toFloat((short) (mag - 1)) - v));
            }
            if (mag < 0x7bff) {
                double up = Math.abs(Float16.toFloat((short) (mag + 1)) - v);
                assertThat(err).as("0x%08x: the half above is no closer", b).isLessThanOrEqualTo(up);
                if (err == up) {
                    assertThat(mag & 1).as("0x%08x: a tie goes to the even half", b).isZero();
                }
            } else {
                assertThat(v).as("0x%08x below the overflow threshold", b).isLessThan(65520.0);
            }
            if (mag > 0 && err == Math.abs(Float16.toFloat((short) (mag - 1)) - v)) {
                assertThat(mag & 1).as("0x%08x: a tie goes to the even half", b).isZero();
            }
            checked++;
        }
        assertThat(checked).as("floats that round to a finite half").isGreaterThan(9_000_000L);
    }

    @Test
    void roundingLandmarks() {
        assertThat(Float16.fromFloat(1.0f)).isEqualTo((short) 0x3c00);
        assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Float16.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
        assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7c00);
        assertThat(Float16.fromFloat(-1e9f)).isEqualTo((short) 0xfc00);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: to the even 1; 1 + 3 * 2^-11 to 1 + 2^-9
        assertThat(Float16.fromFloat(1 + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(Float16.fromFloat(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
        assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);
        assertThat(Float16.fromFloat(0x1.000002p-25f)).isEqualTo((short) 0x0001);
        assertThat(Float16.fromFloat(0x1p-14f - 0x1p-25f)).isEqualTo((short) 0x0400);
        assertThat(Float16.fromFloat(-0.0f)).isEqualTo((short) 0x8000);
        assertThat(Float16.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
        assertThat(Float16.fromFloat(Float.intBitsToFloat(0x7f80_0001)) & 0x7fff).isGreaterThan(0x7c00);
    }
}
