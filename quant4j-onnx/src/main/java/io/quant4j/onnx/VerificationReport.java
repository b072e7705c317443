package io.quant4j.onnx;

import java.util.LinkedHashMap;
import java.util.List;
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
 * @param tensors every quantized activation compared, in steps of its own quantizer, in graph order
 *     (empty for a float model)
 * @param uncompared quantizer paths of the graph that could not be compared with a Java quantizer
 */
public record VerificationReport(int batches, long samples, double maxAbsDiff, double step, double maxDiffSteps,
                                 double medianDiffSteps, double maxAbsJava, double top1Agreement, boolean passed, String failure,
                                 List<TensorAgreement> tensors, List<String> uncompared) {
    public VerificationReport {
        tensors = List.copyOf(tensors);
        uncompared = List.copyOf(uncompared);
    }

    /** A report without per-tensor figures. */
    public VerificationReport(int batches, long samples, double maxAbsDiff, double step, double maxDiffSteps,
                              double medianDiffSteps, double maxAbsJava, double top1Agreement, boolean passed, String failure) {
        this(batches, samples, maxAbsDiff, step, maxDiffSteps, medianDiffSteps, maxAbsJava, top1Agreement, passed, failure,
                List.of(), List.of());
    }

    /**
     * The first quantized tensor, in graph order, with more than 1 % of its elements two or more
     * steps apart: where a divergence starts (the tensors after it inherit it). Empty when none.
     */
    public java.util.Optional<TensorAgreement> firstDivergent() {
        return tensors.stream().filter(t -> t.moreStepsFraction() > 0.01).findFirst();
    }

    /** The largest {@code |mean signed difference|} of a quantized tensor, in its steps (0 without tensors). */
    public double maxTensorMeanSteps() {
        return tensors.stream().mapToDouble(t -> Math.abs(t.meanSteps())).max().orElse(0);
    }

    /** The largest fraction of a quantized tensor's elements one step or more apart (0 without tensors). */
    public double maxTensorDiffFraction() {
        return tensors.stream().mapToDouble(t -> t.oneStepFraction() + t.moreStepsFraction()).max().orElse(0);
    }

    /** The largest difference, in its steps, at any element of a quantized tensor (0 without tensors). */
    public long maxTensorSteps() {
        return tensors.stream().mapToLong(TensorAgreement::maxSteps).max().orElse(0);
    }

    /** One line of figures. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d samples in %d batches, max |diff| %.3g%s, top-1 agreement %.4f%s",
                samples, batches, maxAbsDiff,
                Double.isNaN(step) ? " (float model)" : String.format(java.util.Locale.ROOT,
                        " = %.3f steps of %.3g (median sample %.3f steps)", maxDiffSteps, step, medianDiffSteps),
                top1Agreement, tensors.isEmpty() ? "" : String.format(java.util.Locale.ROOT,
                        "; %d quantized tensors: up to %.2f %% of elements differ (at most %d steps), mean difference within"
                                + " %.4f steps", tensors.size(), 100 * maxTensorDiffFraction(), maxTensorSteps(),
                        maxTensorMeanSteps()));
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
        m.put("max_tensor_mean_steps", maxTensorMeanSteps());
        m.put("max_tensor_diff_fraction", maxTensorDiffFraction());
        m.put("max_tensor_steps", maxTensorSteps());
        m.put("tensors", tensors.stream().map(TensorAgreement::toMap).toList());
        m.put("uncompared_quantizers", uncompared);
        return m;
    }
}
