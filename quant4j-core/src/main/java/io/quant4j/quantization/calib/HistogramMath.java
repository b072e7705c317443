package io.quant4j.quantization.calib;

import io.quant4j.quantization.QuantGrid;

/**
 * amax from a histogram ({@code counts[k]} values in {@code [edges[k], edges[k+1])}), as
 * pytorch-quantization's {@code _compute_amax_percentile / _entropy / _mse}, vectorised.
 */
final class HistogramMath {
    /** First candidate bin of entropy and mse. */
    static final int START_BIN = 128;

    private HistogramMath() {}

    /**
     * Share of the counted values above {@code amax}: every bin whose left edge is at or above
     * amax, plus the part of the bin that amax splits, assuming its values spread evenly
     * ({@code (edges[k+1] - amax) / (edges[k+1] - edges[k])} of its count). Exact for an amax on a
     * bin edge (percentile, entropy); an estimate for a bin centre (mse). 0 for an empty histogram.
     */
    static double clippedFraction(long[] counts, float[] edges, float amax) {
        int n = Math.min(counts.length, edges.length - 1);
        long total = 0;
        double clipped = 0;
        for (int k = 0; k < counts.length; k++) {
            total += counts[k];
            if (k >= n || counts[k] == 0) {
                continue;
            }
            if (edges[k] >= amax) {
                clipped += counts[k];
            } else if (edges[k + 1] > amax) {
                clipped += counts[k] * ((double) edges[k + 1] - amax) / ((double) edges[k + 1] - edges[k]);
            }
        }
        return total == 0 ? 0 : clipped / total;
    }

    /**
     * Left edge of the first bin {@code k} with {@code sum_{j<=k} counts[j] / total >= p / 100}
     * (each term divided in double, summed in order, as numpy's cumsum).
     */
    static float percentile(long[] counts, float[] edges, double p) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double target = p / 100;
        double cdf = 0;
        int idx = counts.length;
        for (int k = 0; k < counts.length; k++) {
            cdf += (double) counts[k] / total;
            if (cdf >= target) {
                idx = k;
                break;
            }
        }
        return edges[Math.min(idx, edges.length - 1)];
    }

    /**
     * KL-divergence method (TensorRT's entropy calibration) in O(bins) per candidate.
     *
     * <p>{@code bins = counts} with {@code bins[0] = bins[1]}; for each {@code i} in
     * {@code [128, len]}: reference {@code P = bins[0..i)} plus the tail {@code sum bins[i..]} on
     * {@code P[i-1]}; bucket of bin {@code j} is {@code floor(j * levels / i)}; {@code Q[j]} is the
     * mean of the non-empty bins of j's bucket where {@code bins[j] > 0}, else 0;
     * {@code KL = sum p ln(p / q)} over {@code p > 0} with P and Q normalised ({@code +inf} where
     * {@code q = 0 < p}). Written as {@code (1/T) sum P (ln P - ln Q) + ln(T'/T)}, term by term, so
     * that identical P and Q give exactly 0 as scipy does. The last {@code i} with the smallest KL
     * wins (a candidate whose Q is all zeros is NaN in scipy, which numpy's argmin prefers); amax is
     * {@code edges[i]}. Only candidates with {@code sum counts[i..] <= maxClipped * sum counts}
     * compete ({@code maxClipped = 1}: all, as pytorch-quantization).
     */
    static float entropy(long[] counts, float[] edges, QuantGrid grid, double maxClipped, String owner) {
        int n = Math.min(counts.length, edges.length - 1);
        if (n < START_BIN) {
            throw new CalibrationException("entropy calibration needs at least " + START_BIN + " bins, found " + n,
                    owner, "Use the default 2048 bins, or the percentile method.");
        }
        long[] bins = new long[n];
        System.arraycopy(counts, 0, bins, 0, n);
        bins[0] = bins[1];
        long[] sum = new long[n + 1];
        int[] nonEmpty = new int[n + 1];
        double[] cLnC = new double[n + 1];
        for (int j = 0; j < n; j++) {
            sum[j + 1] = sum[j] + bins[j];
            nonEmpty[j + 1] = nonEmpty[j] + (bins[j] > 0 ? 1 : 0);
            cLnC[j + 1] = cLnC[j] + (bins[j] > 0 ? bins[j] * Math.log(bins[j]) : 0);
        }
        long total = sum[n];
        double lnTotal = Math.log(total);
        int levels = grid.levels();
        double best = Double.POSITIVE_INFINITY;
        int bestI = -1;
        int lastNaN = -1;
        for (int i = firstCandidate(counts, n, maxClipped); i <= n; i++) {
            long head = sum[i];
            if (head == 0) {
                lastNaN = i; // Q is all zeros: scipy's entropy is NaN
                continue;
            }
            long tail = total - head;
            double acc = 0;
            boolean infinite = false;
            // Per bucket [lo, hi): sum_j c_j (ln c_j - ln Q_b) = (sum c ln c) - ln Q_b (sum c), from
            // prefix sums: O(levels) per candidate instead of O(i).
            for (int b = 0; b < levels; b++) {
                int lo = (int) (((long) b * i + levels - 1) / levels);
                int hi = (int) (((long) (b + 1) * i + levels - 1) / levels);
                if (lo >= hi) {
                    continue;
                }
                int nz = nonEmpty[hi] - nonEmpty[lo];
                double lnQ = nz > 0 ? Math.log((double) (sum[hi] - sum[lo]) / nz) : 0;
                int end = hi == i ? hi - 1 : hi;
                if (end > lo) {
                    acc += (cLnC[end] - cLnC[lo]) - lnQ * (sum[end] - sum[lo]);
                }
                if (hi == i) {
                    long p = bins[i - 1] + tail;
                    if (p > 0) {
                        if (bins[i - 1] == 0) {
                            infinite = true;
                        } else {
                            acc += p * (Math.log(p) - lnQ);
                        }
                    }
                }
            }
            double kl = infinite ? Double.POSITIVE_INFINITY : acc / total + (Math.log(head) - lnTotal);
            if (kl <= best) {
                best = kl;
                bestI = i;
            }
        }
        int chosen = lastNaN >= 0 ? lastNaN : bestI;
        if (chosen < 0) {
            chosen = n; // every candidate infinite: numpy's argmin of all-inf picks the last after reversal
        }
        return edges[chosen];
    }

    /**
     * The first entropy candidate: {@link #START_BIN}, or the first {@code i} whose clipped tail
     * {@code sum counts[i..n)} is at most {@code maxClipped} of all counts, whichever is later.
     */
    private static int firstCandidate(long[] counts, int n, double maxClipped) {
        if (maxClipped >= 1) {
            return START_BIN;
        }
        long total = 0;
        for (int j = 0; j < n; j++) {
            total += counts[j];
        }
        double allowed = maxClipped * total;
        long tail = 0;
        int i = n;
        while (i > START_BIN && tail + counts[i - 1] <= allowed) {
            tail += counts[i - 1];
            i--;
        }
        return i;
    }

    /**
     * Mean-squared-error method in O(bins) per candidate: centres {@code c[k] = (edges[k] +
     * edges[k+1]) / 2} (float32); for each {@code i >= 128}, {@code err_i = sum_k (fq(c[k], c[i]) -
     * c[k])^2 * count[k]} with float32 terms (the grid's fake quantization) summed in double; the
     * first {@code i} with the smallest error wins; amax is {@code c[i]}.
     */
    static float mse(long[] counts, float[] edges, QuantGrid grid, String owner) {
        int n = Math.min(counts.length, edges.length - 1);
        if (n <= START_BIN) {
            throw new CalibrationException("mse calibration needs more than " + START_BIN + " bins, found " + n,
                    owner, "Use the default 2048 bins, or the percentile method.");
        }
        float[] centre = new float[n];
        int[] nz = new int[n];
        float[] count = new float[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            centre[k] = (edges[k] + edges[k + 1]) / 2f;
            if (counts[k] > 0) {
                nz[m++] = k;
            }
            count[k] = (float) counts[k];
        }
        float lo = grid.minBound();
        float hi = grid.maxBound();
        double best = Double.POSITIVE_INFINITY;
        int bestI = START_BIN;
        for (int i = START_BIN; i < n; i++) {
            float a = centre[i];
            float s = grid.scale(a);
            float d = grid.divisor(a);
            double err = 0;
            for (int t = 0; t < m; t++) {
                int k = nz[t];
                float c = centre[k];
                float q = Math.min(Math.max((float) Math.rint(c * s), lo), hi);
                float e = q / d - c;
                err += e * e * count[k];
            }
            if (err < best) {
                best = err;
                bestI = i;
            }
        }
        return centre[bestI];
    }
}
