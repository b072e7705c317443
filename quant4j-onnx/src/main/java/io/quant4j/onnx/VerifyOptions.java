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
 * head's Gemm (row L1 norm about 16) that is below half an output step.
 *
 * <p>Every quantized tensor ({@link TensorAgreement}, in steps of its own quantizer): those
 * boundary flips go either way, so the mean signed difference of a tensor stays near 0 however
 * many elements differ, while a zero point one level off moves it to about 1 and rounding down
 * instead of to nearest to about -0.5. Pass when, at every tensor, {@code |mean| <=
 * maxTensorMeanSteps + 4 standard errors} (the standard error {@code sqrt(sum d^2) / n} keeps a
 * tensor of few elements from failing by chance), and every dequantizer uses its quantizer's scale
 * and zero point. Measured {@code |mean|}, largest over the tensors: resnet_fmnist on 10,000
 * Fashion-MNIST test images 0.0006 (tensorrt) and 0.00007 (onnxruntime); random-initialised
 * resnet_fmnist, resnet50 and mobilenet_v2 on noise at most 0.0102 (resnet50, onnxruntime), where up to
 * 70 % of a late tensor's elements differ. The fraction of elements that differ grows with depth
 * (those flips cascade), so it is reported, not bounded.
 *
 * @param maxDiffSteps largest allowed difference of the median sample, in output steps (default 1)
 * @param minTop1Agreement smallest allowed fraction of samples with the same argmax (default 0.99)
 * @param floatRelTolerance relative tolerance for models without quantizers (default 1e-3)
 * @param intraOpThreads ONNX Runtime intra-op threads (default 2)
 * @param maxOutlierSteps largest allowed difference of any sample, in output steps (default 2)
 * @param maxTensorMeanSteps largest allowed {@code |mean signed difference|} of a quantized tensor, in
 *     steps of its quantizer, before the 4 standard errors (default 0.05: 5 x the largest measured)
 */
public record VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads,
                            double maxOutlierSteps, double maxTensorMeanSteps) {
    /** The default per-tensor bound on the mean signed difference, in steps. */
    public static final double DEFAULT_MAX_TENSOR_MEAN_STEPS = 0.05;

    public VerifyOptions {
        if (!(maxDiffSteps >= 0) || !(minTop1Agreement >= 0 && minTop1Agreement <= 1) || !(floatRelTolerance >= 0)
                || intraOpThreads < 1 || !(maxOutlierSteps >= maxDiffSteps) || !(maxTensorMeanSteps >= 0)) {
            throw new IllegalArgumentException("expected maxDiffSteps >= 0, 0 <= minTop1Agreement <= 1, "
                    + "floatRelTolerance >= 0, intraOpThreads >= 1, maxOutlierSteps >= maxDiffSteps, maxTensorMeanSteps >= 0;"
                    + " found " + maxDiffSteps + ", " + minTop1Agreement + ", " + floatRelTolerance + ", " + intraOpThreads
                    + ", " + maxOutlierSteps + ", " + maxTensorMeanSteps);
        }
    }

    /** The default per-tensor bound ({@value #DEFAULT_MAX_TENSOR_MEAN_STEPS} steps). */
    public VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads,
                         double maxOutlierSteps) {
        this(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, maxOutlierSteps, DEFAULT_MAX_TENSOR_MEAN_STEPS);
    }

    /** The default outlier bound: 2 x maxDiffSteps. */
    public VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads) {
        this(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, 2 * maxDiffSteps);
    }

    /**
     * Median sample within 1 output step, every sample within 2, 99 % top-1 agreement, 1e-3 relative
     * for float models, every quantized tensor's mean difference within 0.05 steps, 2 threads.
     */
    public static VerifyOptions defaults() {
        return new VerifyOptions(1.0, 0.99, 1e-3, 2, 2.0, DEFAULT_MAX_TENSOR_MEAN_STEPS);
    }

    /** Sets the median bound; the outlier bound becomes 2 times it. */
    public VerifyOptions withMaxDiffSteps(double s) {
        return new VerifyOptions(s, minTop1Agreement, floatRelTolerance, intraOpThreads, 2 * s, maxTensorMeanSteps);
    }

    public VerifyOptions withMaxOutlierSteps(double s) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, s, maxTensorMeanSteps);
    }

    public VerifyOptions withMinTop1Agreement(double a) {
        return new VerifyOptions(maxDiffSteps, a, floatRelTolerance, intraOpThreads, maxOutlierSteps, maxTensorMeanSteps);
    }

    public VerifyOptions withFloatRelTolerance(double t) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, t, intraOpThreads, maxOutlierSteps, maxTensorMeanSteps);
    }

    public VerifyOptions withIntraOpThreads(int n) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, n, maxOutlierSteps, maxTensorMeanSteps);
    }

    /** Sets the per-tensor bound on the mean signed difference, in steps. */
    public VerifyOptions withMaxTensorMeanSteps(double s) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, intraOpThreads, maxOutlierSteps, s);
    }
}
