package io.quant4j.bench;

import java.util.Arrays;

/** Wall-clock timing helpers: warm-up, then the median (and p90) of repeated runs. */
public final class Timing {
    private Timing() {}

    /**
     * Times {@code runs} executions after {@code warmup} unrecorded ones.
     *
     * @return sorted durations in milliseconds
     */
    public static double[] measure(int warmup, int runs, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Median of sorted values. */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** 90th percentile of sorted values (nearest rank). */
    public static double p90(double[] sorted) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.9 * sorted.length) - 1)];
    }

    /** {@code "peak RSS 853 MB"} for this process ({@link io.quant4j.io.PeakMemory}), or why it is not known. */
    public static String peakRss() {
        java.util.OptionalLong b = io.quant4j.io.PeakMemory.peakResidentBytes();
        return b.isPresent() ? String.format(java.util.Locale.ROOT, "peak RSS %.0f MB", b.getAsLong() / 1e6)
                : "peak RSS not reported by this OS";
    }
}
