package io.quant4j.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one quantized activation agrees between ONNX Runtime and the Java forward, in steps of
 * its own quantizer: for every element, {@code q_ort - q_java}, the integer levels of the
 * {@code QuantizeLinear} output in ONNX Runtime (less the zero point the Java grid implies) and of
 * the quantizer's output in Java ({@code rint(y / step)}, {@code step = amax / maxBound} of the Java
 * quantizer); see {@link OnnxVerifier}.
 *
 * @param quantizer the quantizer's module path (the ONNX node {@code <path>/QuantizeLinear})
 * @param elements elements compared (over every batch)
 * @param equal elements on the same level
 * @param oneStep elements one level apart
 * @param moreSteps elements two or more levels apart
 * @param maxSteps the largest difference in levels
 * @param sumSteps the sum of the signed differences {@code q_ort - q_java}
 * @param sumSquares the sum of their squares
 */
public record TensorAgreement(String quantizer, long elements, long equal, long oneStep, long moreSteps, long maxSteps,
                              long sumSteps, long sumSquares) {
    public TensorAgreement {
        if (elements != equal + oneStep + moreSteps) {
            throw new IllegalArgumentException("expected elements = equal + oneStep + moreSteps, found " + elements
                    + " != " + equal + " + " + oneStep + " + " + moreSteps);
        }
    }

    /** No element compared yet. */
    static TensorAgreement empty(String quantizer) {
        return new TensorAgreement(quantizer, 0, 0, 0, 0, 0, 0, 0);
    }

    /** This one plus the elements of {@code diffs} (signed level differences {@code q_ort - q_java}). */
    TensorAgreement add(long[] diffs) {
        long e = equal;
        long one = oneStep;
        long more = moreSteps;
        long max = maxSteps;
        long sum = sumSteps;
        long squares = sumSquares;
        for (long d : diffs) {
            long a = Math.abs(d);
            if (a == 0) {
                e++;
            } else if (a == 1) {
                one++;
            } else {
                more++;
            }
            max = Math.max(max, a);
            sum += d;
            squares += d * d;
        }
        return new TensorAgreement(quantizer, elements + diffs.length, e, one, more, max, sum, squares);
    }

    /**
     * The mean signed difference in steps: about 0 when ONNX Runtime and Java differ only where a
     * value lies next to a rounding boundary (either way, and the flips they cause downstream), about
     * 1 for a zero point one level off, about -0.5 for rounding down instead of to nearest.
     */
    public double meanSteps() {
        return elements == 0 ? 0 : (double) sumSteps / elements;
    }

    /** The standard error of {@link #meanSteps()} around 0: {@code sqrt(sum d^2) / n}. */
    public double standardError() {
        return elements == 0 ? 0 : Math.sqrt((double) sumSquares) / elements;
    }

    /** The root mean square of the differences, in steps: {@code sqrt(sum d^2 / n)}. */
    public double rmsSteps() {
        return elements == 0 ? 0 : Math.sqrt((double) sumSquares / elements);
    }

    /** Fraction of the elements one level apart (0 when none was compared). */
    public double oneStepFraction() {
        return elements == 0 ? 0 : (double) oneStep / elements;
    }

    /** Fraction of the elements two or more levels apart. */
    public double moreStepsFraction() {
        return elements == 0 ? 0 : (double) moreSteps / elements;
    }

    /** One line: {@code conv1._input_quantizer: 12544 elements, 0.0120 % one step, 0.0000 % two or more, max 1, mean +0.0001 steps}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: %d elements, %.4f %% one step, %.4f %% two or more, max %d, mean %+.5f"
                + " (standard error %.5f) steps", quantizer, elements, 100 * oneStepFraction(), 100 * moreStepsFraction(),
                maxSteps, meanSteps(), standardError());
    }

    /** The figures as a map (JSON output). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quantizer", quantizer);
        m.put("elements", elements);
        m.put("equal", equal);
        m.put("one_step", oneStep);
        m.put("more_steps", moreSteps);
        m.put("max_steps", maxSteps);
        m.put("mean_steps", meanSteps());
        m.put("standard_error", standardError());
        return m;
    }
}
