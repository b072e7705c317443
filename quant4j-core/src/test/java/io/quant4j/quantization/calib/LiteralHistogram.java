package io.quant4j.quantization.calib;

import io.quant4j.quantization.QuantGrid;

/**
 * Line-by-line ports of pytorch-quantization's {@code _compute_amax_entropy} (with scipy's
 * {@code entropy}) and {@code _compute_amax_mse}: the O(bins^2) oracles of the vectorised code.
 */
final class LiteralHistogram {
    private LiteralHistogram() {}

    static float entropy(long[] calibHist, float[] edges, QuantGrid grid) {
        long[] bins = calibHist.clone();
        bins[0] = bins[1];
        int nbins = grid.levels();
        int start = 128;
        int stop = bins.length;
        double[] divergences = new double[stop + 1 - start];
        for (int i = start; i <= stop; i++) {
            double step = (double) i / nbins;
            int[] digitized = new int[i];
            for (int j = 0; j < i; j++) {
                int count = 0; // np.digitize(j, linspace(0, i, nbins + 1)) - 1
                for (int b = 0; b <= nbins; b++) {
                    double edge = b == nbins ? i : b * step;
                    if (edge <= j) {
                        count++;
                    }
                }
                digitized[j] = bins[j] == 0 ? -1 : count - 1;
            }
            double[] newDensityCounts = new double[nbins];
            int[] counter = new int[nbins];
            for (int j = 0; j < i; j++) {
                if (digitized[j] != -1) {
                    newDensityCounts[digitized[j]] += bins[j];
                    counter[digitized[j]]++;
                }
            }
            for (int b = 0; b < nbins; b++) {
                if (counter[b] > 0) {
                    newDensityCounts[b] /= counter[b];
                }
            }
            double[] q = new double[i];
            double[] p = new double[i];
            long tail = 0;
            for (int j = i; j < stop; j++) {
                tail += bins[j];
            }
            for (int j = 0; j < i; j++) {
                q[j] = digitized[j] != -1 ? newDensityCounts[digitized[j]] : 0;
                p[j] = bins[j];
            }
            p[i - 1] += tail;
            double sp = 0;
            double sq = 0;
            for (int j = 0; j < i; j++) {
                sp += p[j];
                sq += q[j];
            }
            double kl = 0;
            for (int j = 0; j < i; j++) {
                double pk = p[j] / sp;
                double qk = q[j] / sq;
                if (Double.isNaN(pk) || Double.isNaN(qk)) {
                    kl = Double.NaN;
                } else if (pk > 0 && qk > 0) {
                    kl += pk * Math.log(pk / qk);
                } else if (pk > 0) {
                    kl += Double.POSITIVE_INFINITY;
                }
            }
            divergences[i - start] = kl;
        }
        // last_argmin = len - 1 - argmin(reversed); numpy's argmin returns the first NaN if any
        int chosen = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int k = divergences.length - 1; k >= 0; k--) {
            if (Double.isNaN(divergences[k])) {
                chosen = k;
                break;
            }
            if (chosen < 0 || divergences[k] < best) {
                best = divergences[k];
                chosen = k;
            }
        }
        return edges[chosen + start];
    }

    static float mse(long[] calibHist, float[] edges, QuantGrid grid) {
        int n = calibHist.length;
        float[] centers = new float[n];
        for (int k = 0; k < n; k++) {
            centers[k] = (edges[k + 1] + edges[k]) / 2f;
        }
        double best = Double.POSITIVE_INFINITY;
        int arg = -1;
        for (int i = 128; i < n; i++) {
            float amax = centers[i];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                float d = grid.fakeQuant(centers[k], amax) - centers[k];
                sum += d * d * (float) calibHist[k];
            }
            double mse = sum / n;
            if (mse < best) {
                best = mse;
                arg = i;
            }
        }
        return centers[arg];
    }
}
