package io.quant4j.onnx;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Float16Agreement} measured: the float16 file against the float32 export of the same
 * model, both in ONNX Runtime on the same inputs.
 *
 * @param batches batches compared
 * @param samples samples compared
 * @param maxAbsDiff {@code max |fp16 - fp32|} over every output element (finite pairs)
 * @param meanAbsDiff mean of {@code |fp16 - fp32|} over every output element (finite pairs)
 * @param outputMin smallest float32 output value
 * @param outputMax largest float32 output value
 * @param nonFinite output elements that are NaN or infinite in the float16 file but finite in the float32 one
 * @param top1Agreement fraction of samples whose argmax (of the flattened output) is the same in both
 * @param decidedSamples samples whose float32 top-1 leads the runner-up by more than the allowed
 *     difference ({@link Float16Tolerance#maxRelativeDiff()} x the output range): those a float16
 *     file within that bound is expected not to flip (a near-tie flips under any rounding)
 * @param decidedTop1Agreement top-1 agreement over the decided samples (1 when there are none)
 * @param tolerance the bounds applied
 * @param failure which bound failed and by how much, or null when every bound held
 */
public record Float16Report(int batches, long samples, double maxAbsDiff, double meanAbsDiff, double outputMin, double outputMax,
                            long nonFinite, double top1Agreement, long decidedSamples, double decidedTop1Agreement,
                            Float16Tolerance tolerance, String failure) {
    public Float16Report {
        if (batches < 0 || samples < 0 || nonFinite < 0 || decidedSamples < 0 || decidedSamples > samples || tolerance == null) {
            throw new IllegalArgumentException("expected counts >= 0 and a tolerance, found " + batches + " batches, " + samples
                    + " samples, " + nonFinite + " non-finite, " + decidedSamples + " decided, tolerance " + tolerance);
        }
    }

    /** Whether every bound held. */
    public boolean passed() {
        return failure == null;
    }

    /** The range of the float32 outputs, {@code outputMax - outputMin}. */
    public double outputRange() {
        return outputMax - outputMin;
    }

    /** {@code maxAbsDiff / outputRange()}: 0 when both are 0, infinite for a difference on a constant output. */
    public double relativeDiff() {
        double r = outputRange();
        return r > 0 ? maxAbsDiff / r : maxAbsDiff == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** One line of figures and bounds. */
    public String summary() {
        return String.format(Locale.ROOT, "%d samples in %d batches, max |diff| %.3g = %.2f %% of the float32 output range %.3g"
                        + " (bound %.1f %%), mean |diff| %.3g, top-1 agreement %.4f (%.4f on the %d samples whose float32"
                        + " top-1 leads by more than that bound; bound %.2f)%s", samples, batches, maxAbsDiff, 100 * relativeDiff(),
                outputRange(), 100 * tolerance.maxRelativeDiff(), meanAbsDiff, top1Agreement, decidedTop1Agreement, decidedSamples,
                tolerance.minTop1Agreement(), nonFinite == 0 ? "" : ", " + nonFinite + " non-finite values");
    }

    /** The figures as a map (JSON output). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", batches);
        m.put("samples", samples);
        m.put("max_abs_diff", maxAbsDiff);
        m.put("mean_abs_diff", meanAbsDiff);
        m.put("output_range", outputRange());
        m.put("relative_diff", relativeDiff());
        m.put("non_finite", nonFinite);
        m.put("top1_agreement", top1Agreement);
        m.put("decided_samples", decidedSamples);
        m.put("decided_top1_agreement", decidedTop1Agreement);
        m.put("max_relative_diff_bound", tolerance.maxRelativeDiff());
        m.put("min_top1_agreement_bound", tolerance.minTop1Agreement());
        m.put("passed", passed());
        m.put("failure", failure);
        return m;
    }
}
