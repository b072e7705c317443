package io.quant4j.data.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * PIL's bilinear resampling weights along one axis, for resizing {@code inSize} samples to
 * {@code outSize} (PIL's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} in
 * {@code Resample.c}, for the box {@code (0, inSize)}):
 * <pre>
 *   scale   = inSize / outSize,  filterscale = max(scale, 1),  support = 1 * filterscale
 *   center  = (o + 0.5) * scale                          for output sample o
 *   start   = max(0, (int) (center - support + 0.5)),    end = min(inSize, (int) (center + support + 0.5))
 *   w[i]    = tri((start + i - center + 0.5) / filterscale),  tri(x) = max(0, 1 - |x|),  i &lt; end - start
 *   w[i]   /= sum(w)                                     (in double)
 *   fixed   = (int) (0.5 + w[i] * 2^22)                  (round half away from zero; weights are >= 0)
 * </pre>
 * Downscaling widens the triangle to {@code scale} input samples each side: that is PIL's
 * antialiasing. Kernels are immutable and cached per (inSize, outSize).
 */
final class ResampleKernel {
    /** PIL's {@code PRECISION_BITS}: 32 - 8 - 2. */
    static final int PRECISION_BITS = 22;
    /** Half of one output step, the rounding term every sum starts from. */
    static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final int CACHE_LIMIT = 1024;
    private static final ConcurrentHashMap<Long, ResampleKernel> CACHE = new ConcurrentHashMap<>();

    /** Input samples; output samples; weights per output sample (the stride of {@link #weights}). */
    final int inSize;
    final int outSize;
    final int taps;
    /** First input sample of each output sample. */
    final int[] start;
    /** Number of input samples of each output sample ({@code <= taps}). */
    final int[] count;
    /** Fixed-point weights, {@code outSize x taps}, row {@code o} at {@code o * taps}. */
    final int[] weights;

    private ResampleKernel(int inSize, int outSize) {
        this.inSize = inSize;
        this.outSize = outSize;
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = filterscale;
        this.taps = (int) Math.ceil(support) * 2 + 1;
        this.start = new int[outSize];
        this.count = new int[outSize];
        this.weights = new int[outSize * taps];
        double inverse = 1.0 / filterscale;
        double[] w = new double[taps];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int first = Math.max(0, (int) (center - support + 0.5));
            int n = Math.min(inSize, (int) (center + support + 0.5)) - first;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                w[i] = triangle((i + first - center + 0.5) * inverse);
                sum += w[i];
            }
            for (int i = 0; i < n; i++) {
                double normalized = sum != 0.0 ? w[i] / sum : w[i];
                weights[o * taps + i] = normalized < 0
                        ? (int) (-0.5 + normalized * (1 << PRECISION_BITS))
                        : (int) (0.5 + normalized * (1 << PRECISION_BITS));
            }
            start[o] = first;
            count[o] = Math.max(n, 0);
        }
    }

    /** The kernel for {@code inSize -> outSize}, both at least 1. */
    static ResampleKernel bilinear(int inSize, int outSize) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("expected positive sizes, found " + inSize + " -> " + outSize);
        }
        long key = ((long) inSize << 32) | outSize;
        ResampleKernel k = CACHE.get(key);
        if (k == null) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            k = new ResampleKernel(inSize, outSize);
            CACHE.putIfAbsent(key, k);
        }
        return k;
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    /** A fixed-point sum back to {@code 0..255} (PIL's {@code clip8}). */
    static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
