package io.quant4j.quantization.calib;

import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantGrid;
import io.quant4j.tensor.Tensor;

/**
 * Histogram of {@code |x|} over calibration batches, per tensor only (pytorch-quantization's
 * {@code HistogramCalibrator} with {@code torch_hist=True}); amax from it by percentile, entropy or
 * mse (see {@link AmaxMethod}). Counts are exact {@code long}s.
 *
 * <p>Binning, all float32 as in torch's {@code histc}:
 * <ul>
 *   <li>first batch: {@code hi = max|x|}; edges {@code linspace(0, hi, bins + 1)}; value {@code v}
 *       goes to bin {@code (int) (v * bins / hi)} (torch multiplies before dividing; identical to
 *       {@code v / hi * bins} for the default 2048 bins), the last bin also holding {@code v == hi};
 *   <li>a later batch whose max exceeds the last edge grows the histogram with the same bin width
 *       {@code w = edges[1] - edges[0]}: {@code bins = ceil(max / w)}, edges {@code k * w} (double,
 *       stored as float32) while {@code k * w < max + w}; the batch is binned over
 *       {@code [0, lastEdge]} and the old counts are added to the first bins;
 *   <li>a later batch within range is binned over {@code [0, lastEdge]} with the current bins.
 * </ul>
 * As in pytorch-quantization, growth can leave one or two more edges than {@code bins + 1} (when
 * {@code max / w} rounds to an integer but {@code max + w} rounds up); the amax methods then use
 * the first {@code min(bins, edges - 1)} bins, where pytorch-quantization's mse fails on the shape
 * mismatch.
 * An all-zero first batch is degenerate (torch puts it in the middle bin of {@code [-1, 1]} with
 * all edges 0, and every method then gives amax 0): {@link #degenerate()} reports it. When a later
 * batch has non-zero values the histogram restarts from that batch, the zeros counted in bin 0
 * (pytorch-quantization divides by a zero bin width there).
 *
 * <p>Collecting copies the batch to the Java heap and bins it in one pass (about 2 ns a value).
 */
public final class HistogramCalibrator implements Calibrator {
    /** pytorch-quantization's default number of bins. */
    public static final int DEFAULT_BINS = 2048;

    /** Growth beyond this many bins is refused (a first batch far narrower than later ones). */
    public static final int MAX_BINS = 1 << 24;

    private final QuantGrid grid;
    private final String owner;
    private final int initialBins;
    private final boolean skipZeros;
    private long[] counts;
    private float[] edges;
    private boolean degenerate;

    /** 2048 bins, zeros counted. */
    public HistogramCalibrator(QuantGrid grid, QuantAxis axis, String owner) {
        this(grid, axis, owner, DEFAULT_BINS, false);
    }

    /**
     * @param grid the quantizer's grid (bit width and signedness steer entropy and mse)
     * @param axis must be null: histograms are per tensor
     * @param owner label for messages (the quantizer), or null
     * @param numBins bins of the first batch, at least 1
     * @param skipZeros drop exact zeros before binning
     * @throws HistogramPerChannelException when {@code axis} is not null
     */
    public HistogramCalibrator(QuantGrid grid, QuantAxis axis, String owner, int numBins, boolean skipZeros) {
        this.owner = owner == null ? "HistogramCalibrator" : owner;
        if (axis != null) {
            throw new HistogramPerChannelException(this.owner, axis);
        }
        if (numBins < 1 || numBins > MAX_BINS) {
            throw new IllegalArgumentException("expected numBins in [1, " + MAX_BINS + "], found " + numBins);
        }
        this.grid = grid;
        this.initialBins = numBins;
        this.skipZeros = skipZeros;
    }

    @Override
    public String owner() {
        return owner;
    }

    /** The grid used by entropy and mse. */
    public QuantGrid grid() {
        return grid;
    }

    @Override
    public void collect(Tensor x) {
        HistogramScan.Scan scan = HistogramScan.scan(x, skipZeros);
        java.nio.FloatBuffer v = scan.values();
        float hi = scan.hi();
        long bad = scan.bad();
        long kept = scan.kept();
        if (bad > 0) {
            throw new NonFiniteCalibrationDataException(owner, bad + " NaN or infinite values among " + v.limit());
        }
        if (kept == 0) {
            return; // empty batch (or only zeros with skipZeros): nothing to add
        }
        if (counts == null || (degenerate && hi > 0f)) {
            long zeros = counts == null ? 0 : total();
            start(v, hi);
            counts[0] += zeros;
            return;
        }
        if (degenerate) {
            counts[counts.length / 2] += kept;
            return;
        }
        float last = edges[edges.length - 1];
        if (hi > last) {
            grow(hi);
            last = edges[edges.length - 1];
        }
        long[] old = counts;
        long[] now = new long[old.length];
        bin(v, now, last);
        for (int i = 0; i < old.length; i++) {
            now[i] += old[i];
        }
        counts = now;
    }

    private void start(java.nio.FloatBuffer v, float hi) {
        int bins = initialBins;
        counts = new long[bins];
        if (hi == 0f) {
            degenerate = true;
            edges = new float[bins + 1];
            counts[bins / 2] = v.limit();
            return;
        }
        degenerate = false;
        edges = linspace(hi, bins);
        bin(v, counts, hi);
    }

    private void grow(float max) {
        float w = edges[1] - edges[0];
        float ratio = (float) Math.ceil(max / w);
        if (!(ratio <= MAX_BINS)) {
            throw new CalibrationException("histogram growth to " + (long) ratio + " bins of width " + w
                    + " (a batch with max " + max + " after a first batch with max " + edges[edges.length - 1]
                    + "): expected at most " + MAX_BINS, owner,
                    "Calibrate with a first batch representative of the data's range, or use max calibration.");
        }
        int bins = (int) ratio;
        float end = max + w;
        int n = (int) Math.ceil((double) end / (double) w);
        float[] e = new float[n];
        for (int k = 0; k < n; k++) {
            e[k] = (float) (k * (double) w);
        }
        long[] c = new long[Math.max(bins, counts.length)];
        System.arraycopy(counts, 0, c, 0, counts.length);
        counts = c;
        edges = e;
    }

    /** torch.histc(|v|, bins = out.length, min = 0, max = hi), added to {@code out}. */
    private void bin(java.nio.FloatBuffer v, long[] out, float hi) {
        int[] c = HistogramScan.bin(v, out.length, hi, skipZeros);
        for (int i = 0; i < out.length; i++) {
            out[i] += c[i];
        }
    }

    /** torch.linspace(0, hi, bins + 1) in float32 (scalar path: second half counted from the end). */
    static float[] linspace(float hi, int bins) {
        float[] e = new float[bins + 1];
        float step = hi / bins;
        int half = (bins + 1) / 2;
        for (int k = 0; k <= bins; k++) {
            e[k] = k < half ? step * k : hi - step * (bins - k);
        }
        return e;
    }

    @Override
    public Amax computeAmax(AmaxMethod method) {
        if (counts == null) {
            throw new NoCalibrationDataException(owner);
        }
        float a;
        if (method instanceof AmaxMethod.Percentile p) {
            a = HistogramMath.percentile(counts, edges, p.percentile());
        } else if (method instanceof AmaxMethod.Entropy e) {
            a = HistogramMath.entropy(counts, edges, grid, e.maxClipped(), owner);
        } else if (method instanceof AmaxMethod.Mse) {
            a = HistogramMath.mse(counts, edges, grid, owner);
        } else {
            throw new UnsupportedAmaxMethodException(owner, method, "percentile, entropy or mse");
        }
        return Amax.scalar(a);
    }

    /**
     * Share of the values collected so far that {@code amax} clips (see
     * {@link HistogramMath#clippedFraction}); 0 before the first batch.
     */
    public double clippedFraction(float amax) {
        return counts == null ? 0 : HistogramMath.clippedFraction(counts, edges, amax);
    }

    /** The largest {@code |x|} the histogram covers (its last edge), NaN before the first batch. */
    public float range() {
        return edges == null ? Float.NaN : edges[edges.length - 1];
    }

    @Override
    public void reset() {
        counts = null;
        edges = null;
        degenerate = false;
    }

    @Override
    public boolean hasData() {
        return counts != null;
    }

    /** Whether only zeros were seen (every amax method then gives 0). */
    public boolean degenerate() {
        return degenerate;
    }

    /** The bin counts (a copy), or null before the first batch. */
    public long[] counts() {
        return counts == null ? null : counts.clone();
    }

    /** The bin edges (a copy), or null before the first batch. */
    public float[] edges() {
        return edges == null ? null : edges.clone();
    }

    /** Current number of bins (0 before the first batch). */
    public int numBins() {
        return counts == null ? 0 : counts.length;
    }

    /** Number of values counted. */
    public long total() {
        long t = 0;
        if (counts != null) {
            for (long c : counts) {
                t += c;
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "HistogramCalibrator(" + (counts == null ? "empty" : numBins() + " bins to "
                + edges[edges.length - 1] + ", " + total() + " values" + (degenerate ? ", degenerate: all zeros" : ""))
                + ")";
    }
}
