package io.quant4j.quantization.calib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast binning equals torch's histc formula {@code (int) ((|v| * bins) / hi)} on every value. */
class HistogramScanTest {
    @Test
    void fastBinningEqualsTheDivisionFormula() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int bins = trial % 2 == 0 ? 2048 : 1 + rnd.nextInt(5000);
            float hi = (float) Math.exp(rnd.nextGaussian() * 3);
            float[] v = new float[200_000];
            for (int i = 0; i < v.length; i++) {
                switch (i % 4) {
                    case 0 -> v[i] = 0f;
                    case 1 -> v[i] = (float) (rnd.nextDouble() * hi) * (rnd.nextBoolean() ? 1 : -1);
                    // values on and next to bin edges
                    case 2 -> v[i] = Math.nextAfter(hi * rnd.nextInt(bins + 1) / bins, rnd.nextBoolean() ? 1 : -1);
                    default -> v[i] = hi * rnd.nextInt(bins + 1) / bins;
                }
            }
            int[] expected = new int[bins];
            for (float f : v) {
                float a = Math.abs(f);
                if (a <= hi) {
                    int pos = (int) ((a * (float) bins) / hi);
                    expected[pos == bins ? bins - 1 : pos]++;
                }
            }
            assertThat(HistogramScan.bin(FloatBuffer.wrap(v), bins, hi, false)).as("bins %d hi %s", bins, hi).containsExactly(expected);
        }
    }
}
