package io.quant4j.onnx;

/**
 * Thresholds of {@link OnnxVerifier}.
 *
 * <p>Quantized model (the graph has an activation quantizer upstream of the output), with
 * {@code step} the output's quantization step ({@link OnnxVerifier#outputStep}: the ONNX scale of
 * the last such quantizer, times the largest row L1 norm of the final Gemm's weights when it feeds
 * one) and {@code d_i = max_j |ort_ij - java_ij| / step} the difference of sample {@code i}: pass when the median sample has {@code d_i <= maxDiffSteps}
 * and every sample {@code d_i <= maxOutlierSteps}. Float model: pass when {@code max|ort - java| <=
 * floatRelTolerance * max(1, max|java|)}. Both: top-1 agreement (argmax of each sample's flattened
 * output) {@code >= minTop1Agreement}.
 *
 * <p>Why the median: ONNX Runtime rounds differently from the Java forward (it divides by the scale,
 * accumulates integers, requantizes with a float multiplier), so a value next to a rounding boundary
 * can land one level apart; in a deep network such a flip moves the values read from it and can
 * flip more levels downstream. Measured on resnet_fmnist, 10,000 test images, in units of the last
 * activation's scale: onnxruntime placement median 0.00, 99th percentile 2.7, max 7.2; tensorrt
 * placement median 1.3, 99th percentile 3.4, max 6.6; top-1 agreement 100 % and 99.9 %. Through the
 * head's Gemm (row L1 norm about 16) that is below half an output step. A real mismatch (a wrong
 * scale, zero point or op semantics) moves every sample by many steps.
 *
 * @param maxDiffSteps largest allowed difference of the median sample, in output steps (default 1)
 * @param minTop1Agreement smallest allowed fraction of samples with the same argmax (default 0.99)
 * @param floatRelTolerance relative tolerance for models without quantizers (default 1e-3)
 * @param intraOpThreads ONNX Runtime intra-op threads (default 2)
 * @param maxOutlierSteps largest allowed difference of any sample, in output steps (default 2)
 */
public record VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads,
                            double maxOutlierSteps) {
    public VerifyOptions {
        if (!(maxDiffSteps >= 0) || !(minTop1Agreement >= 0 && minTop1Agreement <= 1) || !(floatRelTolerance >= 0)
                || intraOpThreads < 1 || !(maxOutlierSteps >= maxDiffSteps)) {
            throw new IllegalArgumentException("expected maxDiffSteps >= 0, 0 <= minTop1Agreement <= 1, "
                    + "floatRelTolerance >= 0, intraOpThreads >= 1, maxOutlierSteps >= maxDiffSteps; found " + maxDiffSteps
                    + ", " + minTop1Agreement + ", " + floatRelTolerance + ", " + intraOpThreads + ", " + maxOutlierSteps);
        }
    }

    /** The default outlier bound: 2 x maxDiffSteps. */
    public VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads) {
        this(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, 2 * maxDiffSteps);
    }

    /** Median sample within 2 steps, every sample within 16, 99 % top-1 agreement, 1e-3 relative for float models, 2 threads. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(1.0, 0.99, 1e-3, 2, 2.0);
    }

    /** Sets the median bound; the outlier bound becomes 2 times it. */
    public VerifyOptions withMaxDiffSteps(double s) {
        return new VerifyOptions(s, minTop1Agreement, floatRelTolerance, intraOpThreads, 2 * s);
    }

    public VerifyOptions withMaxOutlierSteps(double s) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, s);
    }

    public VerifyOptions withMinTop1Agreement(double a) {
        return new VerifyOptions(maxDiffSteps, a, floatRelTolerance, intraOpThreads, maxOutlierSteps);
    }

    public VerifyOptions withFloatRelTolerance(double t) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, t, intraOpThreads, maxOutlierSteps);
    }

    public VerifyOptions withIntraOpThreads(int n) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, n, maxOutlierSteps);
    }
}
