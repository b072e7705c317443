package io.quant4j.quantization.calib;

import io.quant4j.tensor.Tensor;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The data passes of histogram calibration, split over the cores and remembered for the last few
 * tensors of this thread: two quantizers that observe one tensor (a block input feeding
 * {@code conv1} and the shortcut) read it from native memory once, and bin it once when their
 * histograms have the same bins and range (they then always have: they saw the same batches).
 * Binning follows torch's {@code histc}: bin {@code (int) (|v| * bins / hi)}, the last bin also
 * holding {@code |v| == hi}.
 */
final class HistogramScan {
    private static final int MEMO = 3;
    private static final int CHUNK = 1 << 16;

    /**
     * One tensor's values and the statistics of {@code |v|}.
     *
     * @param id the tensor's id
     * @param values a view of its values (row-major), valid while the tensor is alive
     * @param hi largest finite {@code |v|} (zeros skipped or not)
     * @param bad number of NaN or infinite values
     * @param kept number of values counted
     */
    record Scan(long id, boolean skipZeros, FloatBuffer values, float hi, long bad, long kept) {}

    private record Binned(long id, int bins, float hi, boolean skipZeros, int[] counts) {}

    private static final ThreadLocal<ArrayDeque<Scan>> SCANS = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<ArrayDeque<Binned>> BINNED = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<Scan> LAST = new ThreadLocal<>();

    private HistogramScan() {}

    /** Reads {@code x} (once per tensor) and computes its max, NaN/Inf and kept counts. */
    static Scan scan(Tensor x, boolean skipZeros) {
        for (Scan s : SCANS.get()) {
            if (s.id() == x.id() && s.skipZeros() == skipZeros) {
                LAST.set(s);
                return s;
            }
        }
        // a view of the tensor's own memory (no copy): read while the step's scope keeps it alive
        FloatBuffer v = x.ndArray().toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = v.limit();
        int chunks = (n + CHUNK - 1) / CHUNK;
        float[] his = new float[chunks];
        long[] bads = new long[chunks];
        long[] keeps = new long[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            float hi = 0f;
            long bad = 0;
            long kept = 0;
            for (int i = from; i < to; i++) {
                float a = Math.abs(v.get(i));
                if (!(a <= Float.MAX_VALUE)) {
                    bad++;
                } else if (!(skipZeros && a == 0f)) {
                    kept++;
                    if (a > hi) {
                        hi = a;
                    }
                }
            }
            his[c] = hi;
            bads[c] = bad;
            keeps[c] = kept;
        });
        float hi = 0f;
        for (float h : his) {
            hi = Math.max(hi, h);
        }
        Scan s = new Scan(x.id(), skipZeros, v, hi, Arrays.stream(bads).sum(), Arrays.stream(keeps).sum());
        remember(SCANS.get(), s);
        LAST.set(s);
        return s;
    }

    /** Counts of {@code |v|} in {@code bins} equal bins over {@code [0, hi]} (values above hi are not counted). */
    static int[] bin(FloatBuffer v, int bins, float hi, boolean skipZeros) {
        Scan last = LAST.get();
        long id = last != null && last.values() == v ? last.id() : -1;
        if (id >= 0) {
            for (Binned b : BINNED.get()) {
                if (b.id() == id && b.bins() == bins && b.hi() == hi && b.skipZeros() == skipZeros) {
                    return b.counts();
                }
            }
        }
        int n = v.limit();
        int chunks = (n + CHUNK - 1) / CHUNK;
        int[][] parts = new int[chunks][];
        float fb = bins;
        float inv = 1f / hi;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int[] cnt = new int[bins];
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            for (int i = from; i < to; i++) {
                float a = Math.abs(v.get(i));
                if (a == 0f) {
                    if (!skipZeros) {
                        cnt[0]++;
                    }
                } else if (a <= hi) {
                    // torch's (a * bins) / hi, exactly: multiply by 1/hi, and divide only when the
                    // product lies so close to an integer that the two could floor differently
                    float t = a * fb;
                    float f = t * inv;
                    int pos = (int) f;
                    float frac = f - pos;
                    if (frac < 1e-3f || frac > 0.999f) {
                        pos = (int) (t / hi);
                    }
                    cnt[pos >= bins ? bins - 1 : pos]++;
                }
            }
            parts[c] = cnt;
        });
        int[] out = new int[bins];
        for (int[] p : parts) {
            for (int i = 0; i < bins; i++) {
                out[i] += p[i];
            }
        }
        if (id >= 0) {
            remember(BINNED.get(), new Binned(id, bins, hi, skipZeros, out));
        }
        return out;
    }

    private static <T> void remember(ArrayDeque<T> q, T e) {
        q.addFirst(e);
        while (q.size() > MEMO) {
            q.removeLast();
        }
    }

    /** Drops what this thread remembers (the values of the last tensors). */
    static void forget() {
        SCANS.get().clear();
        BINNED.get().clear();
        LAST.remove();
    }

}
