package io.quant4j.quantization.calib;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunked, branch-free passes equal torch's histc formula and a plain count on every value. */
class HistogramScanTest {
    @Test
    void binningEqualsTheDivisionFormula() {
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
            boolean skipZeros = trial % 3 == 0;
            int[] expected = new int[bins];
            for (float f : v) {
                float a = Math.abs(f);
                if (a <= hi && !(skipZeros && a == 0f)) {
                    int pos = (int) ((a * (float) bins) / hi);
                    expected[pos == bins ? bins - 1 : pos]++;
                }
            }
            assertThat(HistogramScan.bin(FloatBuffer.wrap(v), bins, hi, skipZeros))
                    .as("bins %d hi %s skipZeros %s", bins, hi, skipZeros).containsExactly(expected);
        }
    }

    @Test
    void scanCountsEveryChunk() {
        Random rnd = new Random(5);
        float[] v = new float[150_001]; // three chunks, the last of one value
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(3) == 0 ? 0f : (float) rnd.nextGaussian();
        }
        v[v.length - 1] = -40f;
        v[70_000] = Float.NaN;
        v[70_001] = Float.NEGATIVE_INFINITY;
        int zeros = 0;
        for (float f : v) {
            zeros += f == 0f ? 1 : 0;
        }
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.fromFloats(v, v.length);
            HistogramScan.Scan kept = HistogramScan.scan(t, false);
            assertThat(kept.hi()).isEqualTo(40f);
            assertThat(kept.bad()).isEqualTo(2);
            assertThat(kept.kept()).isEqualTo(v.length - 2);
            HistogramScan.Scan skipped = HistogramScan.scan(t, true);
            assertThat(skipped.kept()).isEqualTo(v.length - 2 - zeros);
            v[70_000] = 1f;
            v[70_001] = 1f;
            HistogramScan.Scan finite = HistogramScan.scan(Tensor.fromFloats(v, v.length), true);
            assertThat(finite.hi()).isEqualTo(40f);
            assertThat(finite.bad()).isZero();
        } finally {
            HistogramScan.forget();
        }
    }
}
