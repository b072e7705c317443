package io.quant4j.quantization.calib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantGrid;
import io.quant4j.tensor.MemoryFormat;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramCalibratorTest {

    private static void collect(HistogramCalibrator h, float... x) {
        try (Scope s = Scope.open()) {
            h.collect(Tensor.fromFloats(x, x.length));
        }
    }

    /** A channels-last activation (what convolutions produce) is read in its memory order: the same histogram. */
    @Test
    void channelsLastInputGivesTheSameAmaxAsContiguous() {
        Random r = new Random(9);
        float[] v = new float[8 * 6 * 10 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(4) == 0 ? 0f : (float) Math.abs(r.nextGaussian() * (1 + i % 6));
        }
        float[][] amax = new float[2][];
        for (MemoryFormat f : MemoryFormat.values()) {
            HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "q", 512, true);
            try (Scope s = Scope.open()) {
                Tensor x = f.arrange(Tensor.fromFloats(v, 8, 6, 10, 10));
                assertThat(MemoryFormat.of(x)).isEqualTo(f);
                h.collect(x);
                h.collect(x.mul(Tensor.scalar(2f)));
            }
            amax[f.ordinal()] = new float[] {h.computeAmax(AmaxMethod.percentile(99.9)).get(0), h.computeAmax(AmaxMethod.entropy()).get(0),
                    h.computeAmax(AmaxMethod.mse()).get(0)};
        }
        assertThat(amax[1]).containsExactly(amax[0]);
    }

    @Test
    void firstBatchGrowthAndInRangeBatches() {
        HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "q", 4, false);
        collect(h, 0f, -0.5f, 1f, 2f);
        assertThat(h.counts()).containsExactly(1, 1, 1, 1);
        assertThat(h.edges()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f);
        collect(h, -3f);
        // width 0.5 kept: ceil(3 / 0.5) = 6 bins, edges k * 0.5 while k * 0.5 < 3.5
        assertThat(h.counts()).containsExactly(1, 1, 1, 1, 0, 1);
        assertThat(h.edges()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f);
        collect(h, 0.9f, 2.99f);
        assertThat(h.counts()).containsExactly(1, 2, 1, 1, 0, 2);
        assertThat(h.total()).isEqualTo(7);
        assertThat(h.numBins()).isEqualTo(6);
        assertThat(h.toString()).isEqualTo("HistogramCalibrator(6 bins to 3.0, 7 values)");
    }

    @Test
    void skipZerosDropsExactZeros() {
        HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "q", 4, true);
        collect(h, 0f, 0f, 0f);
        assertThat(h.hasData()).isFalse();
        collect(h, 0f, 1f, 2f);
        assertThat(h.total()).isEqualTo(2);
    }

    @Test
    void allZeroFirstBatchIsDegenerateThenRestarts() {
        HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "q");
        collect(h, new float[100]);
        assertThat(h.degenerate()).isTrue();
        assertThat(h.counts()[1024]).isEqualTo(100);
        assertThat(h.computeAmax(AmaxMethod.percentile(99.99)).get(0)).isZero();
        assertThat(h.computeAmax(AmaxMethod.entropy()).get(0)).isZero();
        assertThat(h.computeAmax(AmaxMethod.mse()).get(0)).isZero();
        assertThat(h.toString()).contains("degenerate");
        collect(h, new float[10]);
        assertThat(h.counts()[1024]).isEqualTo(110);
        collect(h, 1f, 0f);
        assertThat(h.degenerate()).isFalse();
        assertThat(h.counts()[0]).isEqualTo(111);
        assertThat(h.counts()[2047]).isEqualTo(1);
        assertThat(h.total()).isEqualTo(112);
    }

    @Test
    void errorsNameTheOwnerAndKeepTheState() {
        assertThatThrownBy(() -> new HistogramCalibrator(QuantGrid.INT8, QuantAxis.of(0), "conv.weight"))
                .isInstanceOf(HistogramPerChannelException.class).hasMessageContaining("conv.weight").hasMessageContaining("axis = 0");
        HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "act");
        assertThatThrownBy(() -> h.computeAmax(AmaxMethod.entropy())).isInstanceOf(NoCalibrationDataException.class)
                .hasMessageContaining("act");
        collect(h, 1f, 2f);
        assertThatThrownBy(() -> collect(h, 1f, Float.NaN, Float.POSITIVE_INFINITY))
                .isInstanceOf(NonFiniteCalibrationDataException.class).hasMessageContaining("2 NaN or infinite values among 3");
        assertThat(h.total()).isEqualTo(2);
        assertThatThrownBy(() -> h.computeAmax(AmaxMethod.max())).isInstanceOf(UnsupportedAmaxMethodException.class);
        HistogramCalibrator tiny = new HistogramCalibrator(QuantGrid.INT8, null, "tiny", 1, false);
        collect(tiny, 1e-6f);
        assertThatThrownBy(() -> collect(tiny, 1e3f)).isInstanceOf(CalibrationException.class).hasMessageContaining("bins");
        h.reset();
        assertThat(h.hasData()).isFalse();
    }

    @Test
    void percentileIsTheLeftEdgeOfTheCrossingBin() {
        long[] counts = {5, 0, 3, 2};
        float[] edges = {0f, 1f, 2f, 3f, 4f};
        assertThat(HistogramMath.percentile(counts, edges, 50)).isEqualTo(0f);
        assertThat(HistogramMath.percentile(counts, edges, 50.01)).isEqualTo(2f);
        assertThat(HistogramMath.percentile(counts, edges, 80)).isEqualTo(2f);
        assertThat(HistogramMath.percentile(counts, edges, 100)).isEqualTo(3f);
        assertThat(HistogramMath.percentile(counts, edges, 0)).isEqualTo(0f);
    }

    @Test
    void entropyEqualsTheLiteralAlgorithm() {
        Random r = new Random(5);
        for (int trial = 0; trial < 12; trial++) {
            int n = 160 + r.nextInt(200);
            long[] counts = new long[n];
            for (int k = 0; k < n; k++) {
                double shape = Math.exp(-k / (20.0 + trial * 10));
                counts[k] = r.nextDouble() < (trial % 3 == 0 ? 0.5 : 0.05) ? 0 : (long) (1000 * shape * r.nextDouble());
            }
            if (trial % 4 == 1) {
                counts[n - 1] += 3; // an outlier in the last bin
            }
            float[] edges = new float[n + 1];
            for (int k = 0; k <= n; k++) {
                edges[k] = k * 0.01f;
            }
            for (QuantGrid g : new QuantGrid[] {QuantGrid.INT8, new QuantGrid(8, true, false), new QuantGrid(4, false, false)}) {
                assertThat(HistogramMath.entropy(counts, edges, g, 1.0, "t"))
                        .as("trial %d, %s", trial, g).isEqualTo(LiteralHistogram.entropy(counts, edges, g));
            }
        }
    }

    @Test
    void entropyOfIdenticalQuantizationPicksTheLastZero() {
        // every non-empty bin of a bucket holds the same count: KL = 0 for several candidates
        long[] counts = new long[300];
        for (int k = 0; k < 120; k++) {
            counts[k] = 7;
        }
        float[] edges = new float[301];
        for (int k = 0; k <= 300; k++) {
            edges[k] = k;
        }
        assertThat(HistogramMath.entropy(counts, edges, QuantGrid.INT8, 1.0, "t")).isEqualTo(LiteralHistogram.entropy(counts, edges, QuantGrid.INT8));
    }

    @Test
    void boundedEntropyClipsAtMostItsShareOnASpikyCombHistogram() {
        // Fashion-MNIST's normalised input in miniature: 256 pixel values (a comb of teeth 11 bins
        // apart), half of them background (|x| = 0.81, a spike), bright values up to 2.02
        int n = 2048;
        float hi = (1f - 0.2860f) / 0.3530f;
        long[] counts = new long[n];
        Random r = new Random(1);
        for (int s = 0; s < 400_000; s++) {
            int p = r.nextInt(2) == 0 ? 0 : (r.nextInt(3) == 0 ? 1 + r.nextInt(255) : 150 + r.nextInt(106));
            float v = Math.abs((p / 255f - 0.2860f) / 0.3530f);
            counts[Math.min(n - 1, (int) (v * n / hi))]++;
        }
        float[] edges = new float[n + 1];
        for (int k = 0; k <= n; k++) {
            edges[k] = k * hi / n;
        }
        long total = java.util.Arrays.stream(counts).sum();
        float unbounded = HistogramMath.entropy(counts, edges, QuantGrid.INT8, 1.0, "t");
        float bounded = HistogramMath.entropy(counts, edges, QuantGrid.INT8, 0.001, "t");
        assertThat(clippedShare(counts, edges, unbounded, total)).as("unbounded KL clips the bright values").isGreaterThan(0.1);
        assertThat(clippedShare(counts, edges, bounded, total)).isLessThanOrEqualTo(0.001);
        assertThat(clippedShare(counts, edges, HistogramMath.entropy(counts, edges, QuantGrid.INT8, 0.0, "t"), total)).isZero();
        assertThatThrownBy(() -> AmaxMethod.entropy(1.5)).isInstanceOf(CalibrationException.class)
                .hasMessageContaining("[0, 1]");
        assertThat(AmaxMethod.entropy()).hasToString("entropy");
        assertThat(AmaxMethod.entropy(1.0)).isEqualTo(AmaxMethod.entropy()).hasToString("entropy");
        assertThat(AmaxMethod.entropy(0.001)).hasToString("entropy(max_clipped=0.001)");
    }

    private static double clippedShare(long[] counts, float[] edges, float amax, long total) {
        long clipped = 0;
        for (int k = 0; k < counts.length; k++) {
            if (edges[k] >= amax) {
                clipped += counts[k];
            }
        }
        double share = (double) clipped / total;
        assertThat(HistogramMath.clippedFraction(counts, edges, amax)).as("clippedFraction at a bin edge").isEqualTo(share);
        return share;
    }

    @Test
    void clippedFractionSplitsTheBinAmaxFallsIn() {
        long[] counts = {10, 20, 30, 40};
        float[] edges = {0f, 1f, 2f, 3f, 4f};
        assertThat(HistogramMath.clippedFraction(counts, edges, 4f)).isZero();
        assertThat(HistogramMath.clippedFraction(counts, edges, 3f)).isEqualTo(0.4);
        assertThat(HistogramMath.clippedFraction(counts, edges, 2.5f)).isEqualTo((15 + 40) / 100.0);
        assertThat(HistogramMath.clippedFraction(counts, edges, 0f)).isEqualTo(1.0);
        assertThat(HistogramMath.clippedFraction(new long[4], edges, 1f)).isZero();
    }

    @Test
    void mseEqualsTheLiteralAlgorithm() {
        Random r = new Random(9);
        for (int trial = 0; trial < 6; trial++) {
            int n = 200 + r.nextInt(100);
            long[] counts = new long[n];
            for (int k = 0; k < n; k++) {
                counts[k] = r.nextDouble() < 0.2 ? 0 : (long) (500 * Math.exp(-k / 40.0) * r.nextDouble());
            }
            float[] edges = new float[n + 1];
            float w = 0.013f;
            for (int k = 0; k <= n; k++) {
                edges[k] = k * w;
            }
            for (QuantGrid g : new QuantGrid[] {QuantGrid.INT8, new QuantGrid(8, true, false), new QuantGrid(6, false, false)}) {
                assertThat(HistogramMath.mse(counts, edges, g, "t")).as("trial %d, %s", trial, g)
                        .isEqualTo(LiteralHistogram.mse(counts, edges, g));
            }
        }
    }

    @Test
    void amaxFromARealDistribution() {
        HistogramCalibrator h = new HistogramCalibrator(QuantGrid.INT8, null, "q");
        try (Scope s = Scope.open()) {
            io.quant4j.tensor.Engines.seed(1);
            h.collect(Tensor.randn(50000));
        }
        float p = h.computeAmax(AmaxMethod.percentile(99.99)).get(0);
        float e = h.computeAmax(AmaxMethod.entropy()).get(0);
        float m = h.computeAmax(AmaxMethod.mse()).get(0);
        float[] edges = h.edges();
        float max = edges[edges.length - 1];
        assertThat(p).isBetween(3f, max);
        assertThat(e).isBetween(1f, max);
        assertThat(m).isBetween(1f, max);
    }
}
