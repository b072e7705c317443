package io.quant4j.onnx;

/**
 * The per-tensor mean gate of verification: for each quantized tensor of at least
 * {@code minElementsPerSample} elements per sample, with {@code d} the level differences
 * {@code q_ort - q_java} of its {@code n} elements,
 * <pre>
 *   |mean d| <= maxTensorMeanSteps + 4 sqrt(sum d^2) / n + meanPerRms * sqrt(sum d^2 / n)
 * </pre>
 * The last term is 0 for the zoo's graphs, where ONNX Runtime and Java differ only next to rounding
 * boundaries. In deep imported graphs those flips cascade, and the nonlinear ops they pass through
 * (sigmoid, hard-swish) turn zero-mean noise into a small shift of the mean, a few hundredths of a
 * step per step of spread; an export error still stands out: a zero point one level off gives a
 * mean of 1 with a spread of 1, rounding down -0.5 with a spread of 0.7.
 *
 * @param minElementsPerSample smaller tensors (pooled squeeze-excitation vectors) are reported, not gated
 * @param meanPerRms the allowance per step of the differences' root mean square, in [0, 0.5]
 */
public record TensorGate(int minElementsPerSample, double meanPerRms) {
    /** Every tensor, no cascade allowance: the zoo's exports. */
    public static final TensorGate EXACT = new TensorGate(1, 0);

    /** Imported graphs: tensors of at least 256 elements per sample, 0.1 step of mean per step of spread. */
    public static final TensorGate CASCADED = new TensorGate(256, 0.1);

    public TensorGate {
        if (minElementsPerSample < 1 || !(meanPerRms >= 0 && meanPerRms <= 0.5)) {
            throw new IllegalArgumentException("expected minElementsPerSample >= 1 and meanPerRms in [0, 0.5], found "
                    + minElementsPerSample + " and " + meanPerRms);
        }
    }

    /** The largest mean difference allowed for {@code t}, in steps. */
    double allowed(TensorAgreement t, double maxTensorMeanSteps) {
        return maxTensorMeanSteps + 4 * t.standardError() + meanPerRms * t.rmsSteps();
    }
}
