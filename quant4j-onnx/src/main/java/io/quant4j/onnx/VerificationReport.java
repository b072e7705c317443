package io.quant4j.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link OnnxVerifier} measured.
 *
 * @param batches batches compared
 * @param samples samples compared
 * @param maxAbsDiff {@code max |ort - java|} over every output element
 * @param step the quantization step used as unit (ONNX scale of the last activation quantizer
 *     before the output), or NaN for a model without one
 * @param maxDiffSteps {@code maxAbsDiff / step}, or NaN without a step
 * @param medianDiffSteps the median over samples of each sample's {@code max |ort - java| / step}, or NaN without a step
 * @param maxAbsJava {@code max |java|} (scale of the float tolerance)
 * @param top1Agreement fraction of samples whose argmax agrees
 * @param passed whether every threshold held
 * @param failure which threshold failed and by how much, or null
 */
public record VerificationReport(int batches, long samples, double maxAbsDiff, double step, double maxDiffSteps,
                                 double medianDiffSteps, double maxAbsJava, double top1Agreement, boolean passed, String failure) {
    /** One line of figures. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d samples in %d batches, max |diff| %.3g%s, top-1 agreement %.4f",
                samples, batches, maxAbsDiff,
                Double.isNaN(step) ? " (float model)" : String.format(java.util.Locale.ROOT,
                        " = %.3f steps of %.3g (median sample %.3f steps)", maxDiffSteps, step, medianDiffSteps),
                top1Agreement);
    }

    /** The figures as a map (JSON output). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", batches);
        m.put("samples", samples);
        m.put("max_abs_diff", maxAbsDiff);
        m.put("step", Double.isNaN(step) ? null : step);
        m.put("max_diff_steps", Double.isNaN(maxDiffSteps) ? null : maxDiffSteps);
        m.put("median_diff_steps", Double.isNaN(medianDiffSteps) ? null : medianDiffSteps);
        m.put("top1_agreement", top1Agreement);
        m.put("passed", passed);
        m.put("failure", failure);
        return m;
    }
}
