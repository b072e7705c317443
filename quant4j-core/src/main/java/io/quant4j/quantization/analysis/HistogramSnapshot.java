package io.quant4j.quantization.analysis;

import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramCalibrator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One quantizer's calibration histogram of {@code |x|} and the amax each method picks from it,
 * taken from the one calibration pass before its histogram is released: {@code max} (the
 * histogram's last edge, the largest value observed, or the grown range that covers it),
 * {@code percentile}, {@code entropy} and {@code mse}, with the share of values each one clips.
 *
 * @param path the quantizer's dotted path
 * @param counts bin counts
 * @param edges bin edges ({@code counts.length + 1}, or more after growth)
 * @param observedMax the largest {@code |x|} the histogram covers
 * @param amax method name to amax ({@code max}, {@code percentile(99.99)}, {@code entropy}, {@code mse}), in that order
 * @param clipped method name to the share of observed values above its amax
 */
public record HistogramSnapshot(String path, long[] counts, float[] edges, float observedMax, Map<String, Float> amax,
                                Map<String, Double> clipped) {
    public HistogramSnapshot {
        if (counts == null || edges == null || edges.length < 2) {
            throw new IllegalArgumentException("expected a histogram with edges, found none for " + path);
        }
        amax = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(amax));
        clipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clipped));
    }

    /** The methods compared, in the order reports show them. */
    public static java.util.List<String> methods(double percentile) {
        return java.util.List.of("max", AmaxMethod.percentile(percentile).toString(), AmaxMethod.entropy().toString(),
                AmaxMethod.mse().toString());
    }

    /**
     * Snapshot of a histogram calibrator that collected data, every method's amax computed from it.
     *
     * @param percentile the percentile of the percentile method
     */
    public static HistogramSnapshot of(String path, HistogramCalibrator h, double percentile) {
        Map<String, Float> amax = new LinkedHashMap<>();
        Map<String, Double> clipped = new LinkedHashMap<>();
        float max = h.range();
        amax.put("max", max);
        for (AmaxMethod m : new AmaxMethod[] {AmaxMethod.percentile(percentile), AmaxMethod.entropy(), AmaxMethod.mse()}) {
            amax.put(m.toString(), h.computeAmax(m).get(0));
        }
        amax.forEach((k, v) -> clipped.put(k, h.clippedFraction(v)));
        return new HistogramSnapshot(path, h.counts(), h.edges(), max, amax, clipped);
    }

    /** Values counted. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
